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

# The tests of Ctrl-C, SIGHUP and SIGQUIT send them to the pmkit processes they start. A run
# started in the background (nohup, or '&' in a script without job control) inherits those
# signals ignored, and so would every process it starts, which then never sees them: the signals'
# own actions are given back here, for this process and, through it, the ones it starts.
def _signals_as_a_terminal_gives_them() -> None:
    import signal

    for name, action in (("SIGINT", signal.default_int_handler), ("SIGHUP", signal.SIG_DFL),
                         ("SIGQUIT", signal.SIG_DFL)):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_IGN:
            signal.signal(number, action)


_signals_as_a_terminal_gives_them()

# The command keeps compiled patterns in the user's cache folder (pmkit.patterncache); the
# subprocesses of the tests keep theirs in one folder of this run instead, so that the suite
# writes nothing in the home folder (and exercises the cache on every `python -m pmkit`).
if "PMKIT_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["PMKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="pmkit-test-cache-")
    atexit.register(shutil.rmtree, os.environ["PMKIT_CACHE_DIR"], True)
