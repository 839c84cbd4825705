from __future__ import annotations

import os
import sys
from pathlib import Path

import pmkit

sys.path.insert(0, str(Path(__file__).parent))

# Tests that start `python -m pmkit` in a subprocess must run the pmkit under test, not
# whichever one the interpreter has installed (another checkout's, in an editable install):
# the subprocesses inherit the folder this process imported pmkit from.
_SRC = str(Path(pmkit.__file__).resolve().parents[1])
os.environ["PYTHONPATH"] = os.pathsep.join(
    [_SRC, *(p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != _SRC)])

# The command keeps compiled patterns in the user's cache folder (pmkit.patterncache); the
# subprocesses of the tests keep theirs in one folder of this run instead, so that the suite
# writes nothing in the home folder (and exercises the cache on every `python -m pmkit`).
if "PMKIT_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["PMKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="pmkit-test-cache-")
    atexit.register(shutil.rmtree, os.environ["PMKIT_CACHE_DIR"], True)
