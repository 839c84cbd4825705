"""Start-up of the ``pmkit`` command: what a process that pmkit owns can skip.

pydantic asks every installed distribution for plugins (``importlib.metadata`` entry points)
when it builds its first model: about 40 ms, a tenth of a hook run, for observability hooks
that have nothing to observe in pmkit's own models. The command therefore answers pydantic's
plugin lookup with "none" before pydantic is imported. The library (``import pmkit``) never does
this: there pydantic runs as the program set it up. ``PMKIT_PYDANTIC_PLUGINS=1`` keeps plugins
in the command too.
"""

from __future__ import annotations

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
