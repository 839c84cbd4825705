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
