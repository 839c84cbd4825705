"""Pathological inputs: files far from any real postmortem but under the size limit, each built to
stress one part of pmkit (a very long sentence, very many lines, findings, headings, quotes...).

Each case is written to a temporary folder and checked with all rules by a fresh
`pmkit check --jobs 1` process, several times; the script prints the median wall time per case.

    python bench/pathological.py [--runs N] [--only NAME ...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

YAML = "pmkit: 1\nid: x1\ntitle: T\nstatus: draft\nlang: {lang}\nseverity: SEV3\n"
FRONT = "---\n" + YAML + "---\n"


def yaml(body: str, lang: str = "en") -> tuple[str, str]:
    return "pm.yaml", YAML.format(lang=lang) + body


def markdown(body: str, lang: str = "en") -> tuple[str, str]:
    return "pm.md", FRONT.format(lang=lang) + body


CASES: dict[str, Callable[[], tuple[str, str]]] = {
    "long sentence (200,000 chars)": lambda: yaml(
        "summary: " + "the cache node restarted and " * 6900 + "x\n"),
    "50,000 short lines": lambda: yaml("summary: |\n" + "  Users saw errors.\n" * 50000),
    "50,000 lessons list items (md)": lambda: markdown(
        "## What went wrong\n\n" + "- the deploy was slow\n" * 50000),
    "10,000 quotes": lambda: yaml("summary: >\n" + '  They said "human error" here.\n' * 10000),
    "30,000 unclosed <!-- (md)": lambda: markdown("## Summary\n\n" + "text <!-- open\n" * 30000),
    "20,000 headings with a finding (md)": lambda: markdown("".join(
        f"## Section {i}\n\nIt was human error.\n\n" for i in range(20000))),
    "20,000 duplicate headings (md)": lambda: markdown("## Summary\n\nok\n\n" * 20000),
    "100,000 digit groups": lambda: yaml("summary: " + "12 " * 100000 + "\n"),
    "'should have' x 20,000": lambda: yaml(
        "summary: The engineer " + "should have checked and " * 20000 + "\n"),
    "'hätte' x 30,000 (de)": lambda: yaml(
        "summary: Der Techniker " + "hätte prüfen und " * 30000 + "\n", "de"),
    "5,000 human error lines": lambda: yaml("summary: |\n" + "  It was human error.\n" * 5000),
    "one 900,000-letter word": lambda: yaml("summary: " + "a" * 900000 + "\n"),
    "10,000 timeline entries": lambda: yaml("timeline:\n" + "".join(
        f"  - at: 2026-01-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z\n"
        f"    actor: ops\n    event: The on-call engineer restarted node {i}.\n"
        "    evidence: [https://logs.example.com/x]\n" for i in range(10000))),
    "1 MB of German compounds (de)": lambda: yaml(
        "summary: >\n" + "  Die Zahlungsdienstleisterschnittstellenkonfigurationsdatei und die "
        "Datenbankverbindungspoolgrößenbeschränkung verursachten Bestandskundenabrechnungsfehler.\n"
        * 6500, "de"),
    "20,000 e-mail addresses": lambda: yaml("summary: " + "mail jane.doe@acme.com now, " * 20000 + "\n"),
    "20,000 root-cause phrases": lambda: yaml("summary: " + "The root cause was a bug. " * 20000 + "\n"),
    "4,000 dangling references": lambda: yaml(
        "contributing_factors:\n"
        + "".join(f"  - {{id: CF{i}, description: cause {i}}}\n" for i in range(4000))
        + "action_items:\n" + "".join(f"  - {{id: AI{i}, title: Fix thing {i}, addresses: [XF{i}]}}\n"
                                      for i in range(4000))),
    "one 400,000-letter word (md)": lambda: markdown("## Summary\n\n" + "_a" * 200000 + "\n"),
    "5,000 decisions with options": lambda: yaml("decisions:\n" + "".join(
        f"  - id: D{i}\n    at: 2026-01-01T10:00:00Z\n    decision: Roll back release {i}.\n"
        f"    rationale: It failed.\n    options_considered: [roll back, fix forward, wait {i}]\n"
        "    tradeoff: Time over data.\n    decided_by: incident coordinator\n" for i in range(5000))),
    "3.5 MB of backslashes (md)": lambda: markdown("## Summary\n\n" + "\\" * 3_500_000 + "\n"),
    "3.5 MB of &amp; (md)": lambda: markdown("## Summary\n\n" + "&amp;" * 700_000 + "\n"),
    "3.5 MB of fence lines (md)": lambda: markdown("## Summary\n\n" + "```\n" * 875_000),
    "3.5 MB of &#x1F600; in a block": lambda: yaml("summary: |\n  " + "&#x1F600;" * 390_000 + "\n"),
    "60,000 unknown keys": lambda: yaml("".join(f"k{i}: 1\n" for i in range(60_000))),
    "3.5 MB of quote lines (md)": lambda: markdown("## Summary\n\n" + "> quote\n" * 437_500),
    "3.5 MB of list lines (md)": lambda: markdown("## Summary\n\n" + "- item\n" * 500_000),
    "3.5 MB of '&amp; ' (md)": lambda: markdown("## Summary\n\n" + "&amp; " * 583_000 + "\n"),
    "3.5 MB of '&#38; ' (md)": lambda: markdown("## Summary\n\n" + "&#38; " * 583_000 + "\n"),
    "3.5 MB folded summary, one finding at its end": lambda: yaml(
        "summary: >\n" + "  The proxy returned errors while the cache was cold, so operators drained "
        "the region.\n  Latency rose until the standby database took over the writes.\n" * 25_000
        + "  It was human error.\n"),
    "1 MB of '[a] ' (md)": lambda: markdown("## Summary\n\n" + "[a] " * 250_000 + "\n"),
    "1 MB of '[' (md)": lambda: markdown("## Summary\n\n" + "[" * 1_000_000 + "\n"),
    "1 MB of '[a]: [a] ' (md)": lambda: markdown("## Summary\n\n" + "[a]: [a] " * 111_000 + "\n"),
    "1 MB of '[a] ', 'a' defined (md)": lambda: markdown(
        "## Summary\n\n" + "[a] [b] " * 125_000 + "\n\n[a]: https://x.example\n"),
    "1 MB of '![x](' (md)": lambda: markdown("## Summary\n\n" + "![x](" * 200_000 + "\n"),
    "20,000 vague_phrases settings": lambda: yaml(
        "summary: Some users saw errors; a bunch of customers retried and 7 lots of shops failed.\n"),
    "20,000 lines of 40 floats in settings, an error at the end": lambda: yaml("summary: Short.\n"),
}

#: Settings files written next to a case's file (case name -> pyproject.toml).
SETTINGS: dict[str, str] = {
    "20,000 vague_phrases settings": "[tool.pmkit.clarity]\nvague_phrases = [\n"
    + "".join(f'  "bunch{i} of {{who}}",\n  "lots{i} of shops",\n' for i in range(10_000))
    + '  "a bunch of {who}",\n  "\\\\d+ lots of {who}",\n]\n',
    # another tool's table of numbers: the error at the end is placed after reading them all
    "20,000 lines of 40 floats in settings, an error at the end": "[tool.other]\n"
    + "".join(f"x{i} = [{', '.join(f'{j}.5' for j in range(40))}]\n" for i in range(20_000))
    + '[tool.pmkit]\nfail-on = "loud"\n',
}


def timed(file: Path, cwd: Path) -> tuple[float, int]:
    """Wall time of one check and the number of findings it printed."""
    command = [sys.executable, "-m", "pmkit", "check", "--jobs", "1", "--format", "json", str(file)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    return elapsed, done.stdout.count('"code":')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=[], help="cases whose name contains one of these")
    parser.add_argument("--keep", type=Path, help="write the files to this folder and keep them")
    args = parser.parse_args()
    folder = (args.keep or Path(tempfile.mkdtemp(prefix="pmkit-pathological-"))).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        run_cases(args.only, args.runs, folder)
    finally:
        if args.keep is None:  # the cases are written again in seconds: leave nothing behind
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def run_cases(only: list[str], runs: int, folder: Path) -> None:
    """Write each case chosen by ``only`` into ``folder`` and print its times over ``runs``."""
    print(f"{'case':40} {'size':>9} {'findings':>8} {'median':>8}  runs")
    for index, (name, build) in enumerate(CASES.items()):
        if only and not any(part in name for part in only):
            continue
        filename, text = build()
        case = folder / f"case{index:02d}"
        case.mkdir(exist_ok=True)
        file = case / filename
        file.write_text(text, encoding="utf-8")
        if name in SETTINGS:
            (case / "pyproject.toml").write_text(SETTINGS[name], encoding="utf-8")
        results = [timed(file, case) for _ in range(runs)]
        times = [elapsed for elapsed, _ in results]
        print(f"{name:40} {len(text):9,} {results[0][1]:8,} {statistics.median(times):7.2f}s  "
              + " ".join(f"{t:.2f}" for t in times), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
