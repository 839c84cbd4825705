"""pmkit against check-jsonschema and yamllint on generated repositories, side by side.

    python bench/compare.py [--sizes 1 100 1000 10000] [--runs 3] [--out docs/performance.md]
    python bench/compare.py --corpus examples/postmortems --sizes 100 1000   # held-out files

For each size, a repository is generated (bench/generate.py), then each tool is run as a fresh
process on the same files, alternating, ``--runs`` times: pmkit with all rules, pmkit with the
schema rules only (PM0), check-jsonschema against schemas/postmortem.schema.json, and yamllint
with its defaults. With ``--corpus DIR`` the files are copies of the YAML postmortems below
DIR instead (``generate.copy_corpus``): a held-out set written by people, not by the
generator. Wall time (median) and peak memory (max RSS, from /usr/bin/time or
getrusage) are printed as a Markdown table, with the ratios the performance targets use.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import copy_corpus, write_files

ROOT = Path(__file__).resolve().parent.parent
# Every tool runs with its bytecode cached, as an installed package has it (pip compiles at
# install time). With PYTHONDONTWRITEBYTECODE set, an editable pmkit would recompile its own
# modules in every process (~60 ms) while the peers load theirs from site-packages' cache.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
SCHEMA = ROOT / "schemas" / "postmortem.schema.json"


def tool(name: str) -> str | None:
    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)


def measure(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of ``command``."""
    gnu_time = Path("/usr/bin/time")
    if gnu_time.exists():
        fmt = "%M"
        start = time.perf_counter()
        proc = subprocess.run([str(gnu_time), "-f", fmt, *command], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        lines = proc.stderr.strip().splitlines()
        return wall, int(lines[-1]) if lines and lines[-1].isdigit() else 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    return wall, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    parser.add_argument("--corpus", type=Path,
                        help="measure copies of the YAML postmortems below this folder, not generated ones")
    args = parser.parse_args()

    pmkit, cjs, yamllint = tool("pmkit"), tool("check-jsonschema"), tool("yamllint")
    if pmkit is None:
        raise SystemExit("pmkit is not installed")
    for name, found in (("check-jsonschema", cjs), ("yamllint", yamllint)):
        if found is None:  # a table without a peer's column reads as if it had been measured
            print(f"{name} is not installed (pip install -e '.[bench]'): its rows are left out",
                  file=sys.stderr)
    rows = []
    env_line = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                f"{platform.system()} {platform.release()}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            written = (copy_corpus(work, size, args.corpus.resolve()) if args.corpus
                       else write_files(work, size, seed=size))
            files = [str(p.relative_to(work)) for p in written]
            commands: dict[str, list[str]] = {
                "pmkit (all rules)": [pmkit, "check", "--now", "2026-01-01T00:00:00Z", "postmortems"],
                "pmkit (schema only)": [pmkit, "check", "--select", "PM0", "postmortems"],
            }
            if cjs:
                commands["check-jsonschema"] = [cjs, "--schemafile", str(SCHEMA), *files]
            if yamllint:
                commands["yamllint"] = [yamllint, "postmortems"]
            for command in commands.values():
                measure(command, work)  # warm the file cache
            results: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
            for _ in range(args.runs):
                for name, command in commands.items():
                    results[name].append(measure(command, work))
            base = statistics.median(w for w, _ in results.get("check-jsonschema", [(1.0, 0)]))
            for name, samples in results.items():
                wall = statistics.median(w for w, _ in samples)
                rss = max(m for _, m in samples)
                rows.append((size, name, wall, rss, wall / base if base else 0.0))
                print(f"{size:>6} files  {name:22} {wall:8.3f} s  {rss / 1024:7.1f} MiB  "
                      f"{wall / base:5.2f}x check-jsonschema", flush=True)
    table = ["| files | tool | wall (median) | peak RSS | vs check-jsonschema |",
             "| ---: | --- | ---: | ---: | ---: |"]
    table += [f"| {s} | {n} | {w:.3f} s | {r / 1024:.1f} MiB | {x:.2f}x |" for s, n, w, r, x in rows]
    source = f"copies of {args.corpus}" if args.corpus else "generated files"
    text = f"Machine: {env_line}; {args.runs} runs per cell; {source}.\n\n" + "\n".join(table) + "\n"
    print()
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
