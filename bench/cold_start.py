"""Cold start: one `pmkit check` process on one file, against `check-jsonschema` on the same file.

Both are run as fresh processes, alternating, several times; the script prints the best and
median wall time of each and their ratio (the target is pmkit <= 0.5x check-jsonschema).

    python bench/cold_start.py [FILE] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every tool runs with its bytecode cached, as an installed package has it (pip compiles at
# install time). With PYTHONDONTWRITEBYTECODE set, an editable pmkit would recompile its own
# modules in every process (~60 ms) while the peers load theirs from site-packages' cache.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
DEFAULT_FILE = ROOT / "examples" / "postmortems" / "2018-10-21-database-partition.yaml"
SCHEMA = ROOT / "schemas" / "postmortem.schema.json"


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed (pip install -e '.[test]')")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    # The command keeps compiled patterns and dataclass methods (pmkit.patterncache) and, in a
    # repository, the file's git log (pmkit.logcache) in the user's cache folder: the warm-up run
    # below fills it, as a hook's first commit does; the row without it shows a run on a
    # machine where nothing can be kept (or the very first run).
    commands = {
        "pmkit check": [tool("pmkit"), "check", args.file],
        "pmkit check (no cache)": ["env", "PMKIT_NO_CACHE=1", tool("pmkit"), "check", args.file],
        "pmkit check (schema only)": [tool("pmkit"), "check", "--select", "PM0", args.file],
        "check-jsonschema": [tool("check-jsonschema"), "--schemafile", str(SCHEMA), args.file],
    }
    for command in commands.values():  # warm the OS file cache (and write bytecode once), not the processes
        timed(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(timed(command))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"file: {args.file}, {args.runs} runs each, alternating")
    print_medians(samples, "check-jsonschema")
    return 0


def print_medians(samples: dict[str, list[float]], base_name: str) -> None:
    """One line per command: best and median wall time, and the median's ratio to ``base_name``'s."""
    base = statistics.median(samples[base_name])
    width = max(len(name) for name in samples) + 1
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:{width}} best {min(values) * 1000:6.0f} ms  median {median * 1000:6.0f} ms"
              f"  ratio {median / base:4.2f}x")


if __name__ == "__main__":
    raise SystemExit(main())
