"""Compare two versions of pmkit on the same files: the findings must be identical, and the CPU
time (user + system of the `pmkit check` process) is what compares on a shared machine, where
wall time moves with the other load.

Each target (a file or a folder) is checked by a fresh `pmkit check --jobs 1 --format json`
process of the old and of the new source tree, alternately, several times; the script prints
the median CPU time of each and whether the findings (every field of every diagnostic, in
order) are the same.

    python bench/old_new.py --old OLD/src --new src [--runs N] TARGET ...
    python bench/old_new.py --old OLD/src --new src --pathological [--only NAME ...]

With --pathological the targets are the cases of bench/pathological.py, written to a
temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def run(src: Path, target: Path) -> tuple[float, list[dict[str, Any]]]:
    """CPU time of one check of ``target`` with the pmkit in ``src``, and its findings."""
    env = dict(os.environ, PYTHONPATH=str(src))
    cwd = target if target.is_dir() else target.parent
    command = [sys.executable, "-m", "pmkit", "check", "--jobs", "1", "--format", "json", str(target)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        found: list[dict[str, Any]] = json.loads(done.stdout)["diagnostics"]
    except (ValueError, KeyError):
        raise SystemExit(f"{target}: no JSON report from {src}:\n{done.stderr[-2000:]}") from None
    return cpu, found


def pathological_targets(only: list[str], folder: Path) -> list[tuple[str, Path]]:
    """The cases of bench/pathological.py chosen by ``only``, written into ``folder``."""
    sys.path.insert(0, str(Path(__file__).parent))
    from pathological import CASES, SETTINGS

    targets = []
    for index, (name, build) in enumerate(CASES.items()):
        if only and not any(part in name for part in only):
            continue
        filename, text = build()
        case = folder / f"case{index:02d}"
        case.mkdir()
        (case / filename).write_text(text, encoding="utf-8")
        if name in SETTINGS:
            (case / "pyproject.toml").write_text(SETTINGS[name], encoding="utf-8")
        targets.append((name, case / filename))
    return targets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", type=Path, required=True, help="the old version's src folder")
    parser.add_argument("--new", type=Path, required=True, help="the new version's src folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pathological", action="store_true")
    parser.add_argument("--only", nargs="*", default=[], help="cases whose name contains one of these")
    parser.add_argument("targets", nargs="*", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pmkit-old-new-") as folder:
        targets = [(str(t), t.resolve()) for t in args.targets]
        if args.pathological:
            targets += pathological_targets(args.only, Path(folder))
        return compare(args.old.resolve(), args.new.resolve(), targets, args.runs)


def compare(old: Path, new: Path, targets: list[tuple[str, Path]], runs: int) -> int:
    """Print each target's findings and CPU time under ``old`` and ``new``; 1 when any differ."""
    print(f"{'target':40} {'findings':>8} {'old cpu':>8} {'new cpu':>8}  same")
    differ = 0
    for name, target in targets:
        old_times, new_times = [], []
        old_found: list[dict[str, Any]] = []
        new_found: list[dict[str, Any]] = []
        for _ in range(runs):
            cpu, old_found = run(old, target)
            old_times.append(cpu)
            cpu, new_found = run(new, target)
            new_times.append(cpu)
        same = old_found == new_found
        differ += not same
        print(f"{name[:40]:40} {len(new_found):8,} {statistics.median(old_times):7.2f}s "
              f"{statistics.median(new_times):7.2f}s  {'yes' if same else 'NO'}", flush=True)
        if not same:
            gone = [d for d in old_found if d not in new_found]
            added = [d for d in new_found if d not in old_found]
            for label, items in (("only old", gone), ("only new", added)):
                for item in items[:5]:
                    print(f"    {label}: {item['code']} {item['line']}:{item['col']} {item['message']}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
