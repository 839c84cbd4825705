"""Start-up of the ``pmkit`` command: what a process that pmkit owns can skip.

Python's cycle collector runs every 700 new objects, and while modules load, each run walks
every object made so far: about 8 ms of a one-file check (pydantic, the model and the rules make
some 50,000 objects), for cycles that are not there yet. The command therefore pauses it while it
starts (:func:`pause_collection`) and resumes it when it begins the work whose memory grows with
its input (:func:`resume_collection`), with what was loaded until then frozen out of its walks,
where it would only ever be found alive (and where a forked worker then shares it untouched).

pydantic asks every installed distribution for plugins (``importlib.metadata`` entry points)
when it builds its first model: about 40 ms, a tenth of a hook run, for observability hooks
that have nothing to observe in pmkit's own models. The command therefore answers pydantic's
plugin lookup with "none" before pydantic is imported. The library (``import pmkit``) never does
this: there pydantic runs as the program set it up. ``PMKIT_PYDANTIC_PLUGINS=1`` keeps plugins
in the command too.

``dataclasses`` imports ``inspect`` (and with it ``ast``, ``dis``, ``linecache`` and
``tokenize``), about 9 ms of a hook's run before the command forks, for a function it calls only
for a class without a docstring, which pmkit's have. The command therefore has ``inspect``
imported on first use (:func:`defer_imports`): pydantic, in the process that imports it, uses it
at once; the process that reads git and applies the text rules never does. So is ``secrets``
(with ``hmac``, ``hashlib``, OpenSSL's bindings and ``random``, about 3.5 ms), which pydantic
imports for the comparison of its secret types, of which pmkit's model has none.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import types
from typing import Any

#: pydantic's plugin loader (pydantic 2.x); it imports ``importlib.metadata`` at import time.
PLUGIN_LOADER = "pydantic.plugin._loader"


def skip_pydantic_plugins() -> None:
    """Make pydantic find no plugins in this process, without scanning the installed packages."""
    if os.environ.get("PMKIT_PYDANTIC_PLUGINS") == "1" or PLUGIN_LOADER in sys.modules:
        return
    stub = types.ModuleType(PLUGIN_LOADER, "pmkit: no pydantic plugins in the pmkit command")
    setattr(stub, "get_plugins", lambda: ())  # noqa: B010 (a module built at run time)

    def real(name: str) -> Any:
        if name.startswith("__"):  # the import system probing (``__path__``), not pydantic
            raise AttributeError(name)
        # Anything else pydantic wants from its loader comes from the real module, so a newer
        # pydantic that asks for more still works (and then scans for plugins as usual).
        del sys.modules[PLUGIN_LOADER]
        return getattr(importlib.import_module(PLUGIN_LOADER), name)

    setattr(stub, "__getattr__", real)  # noqa: B010
    sys.modules[PLUGIN_LOADER] = stub


#: Modules the command loads only when first used (:func:`defer_imports`): ``inspect`` (which
#: ``dataclasses`` imports), ``secrets`` (pydantic), and ``tempfile`` (with ``shutil`` and
#: ``random``, 3.7 ms), which ``importlib.resources`` imports: textstat imports that for a word
#: list that no score of pmkit's reads, on every run that scores a text not kept.
DEFERRED = ("inspect", "secrets", "tempfile")


def defer_imports() -> None:
    """Have each module of :data:`DEFERRED` not yet imported load when one of its names is first
    used, not when it is imported (the command only). Its importers get a module of its name
    (with the real one's spec, for ``importlib.util.find_spec``) whose first use of a name, or
    ``from ... import *``, imports the real one and takes on all its names; a module that
    imports it after that gets the real one. The names are taken once: a name the real module is
    given later (a test's monkeypatch) is not seen through the stand-in. Under ``python -OO``
    classes lose their docstrings and the first dataclass imports ``inspect`` after all."""
    import importlib.machinery
    import threading

    for name in DEFERRED:
        if name not in sys.modules:
            spec = importlib.machinery.PathFinder.find_spec(name)
            if spec is not None:  # (else its importer fails as it would have)
                sys.modules[name] = _deferred(name, spec, threading.RLock())


def _deferred(name: str, spec: Any, lock: Any) -> types.ModuleType:
    stand_in = types.ModuleType(name, f"pmkit: {name}, imported when first used")
    stand_in.__spec__ = spec
    imported: list[types.ModuleType] = []

    def real(attribute: str) -> Any:
        if attribute.startswith("__") and attribute != "__all__":
            raise AttributeError(attribute)  # the import system probing (``__path__``), not a use
        # One thread imports it: another that came at once waited for it here, and then found
        # the stand-in gone from sys.modules (KeyError), or took the real module, still being
        # imported, out of it.
        with lock:
            if not imported:
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
                module = importlib.import_module(name)
                # From here on the names are found in the stand-in's own namespace, as fast as
                # in the module's (for a module that imported the stand-in: dataclasses).
                stand_in.__dict__.update(module.__dict__)
                imported.append(module)
        return getattr(imported[0], attribute)

    setattr(stand_in, "__getattr__", real)  # noqa: B010 (a module built at run time)
    return stand_in


#: Set while the command has the cycle collector paused (by :func:`pause_collection`).
_PAUSED: list[bool] = []


def pause_collection() -> None:
    """Pause the cycle collector for the command's start-up (only the command calls this)."""
    if gc.isenabled():
        gc.disable()
        _PAUSED.append(True)


def resume_collection() -> None:
    """Resume what :func:`pause_collection` paused, with the objects made so far (the modules,
    settings, rules) frozen out of its walks; nothing in a process where it was not paused."""
    if _PAUSED:
        _PAUSED.clear()
        gc.freeze()
        gc.enable()
