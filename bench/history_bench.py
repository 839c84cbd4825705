"""Benchmark the git evidence and the fact comparison of the history rules (PM6xx).

Builds a repository with ``--files`` postmortems and ``--commits`` commits with
``git fast-import`` (seconds, not minutes), edits every file in the working tree (the worst
case: every file differs from its base), then times:

1. ``read_evidence``: one ``git log`` over the whole history for every file;
2. ``read_baseline``: the base version of every file (rename diff, ls-tree, one
   ``cat-file --batch``);
3. the fact comparison: both versions parsed (pmkit's loader) and ``diff_facts`` +
   ``diff_corrections`` for every file;
4. for reference, ``pmkit check --select PM6`` end to end (loading, schema, rules).

Usage: ``PYTHONPATH=src python bench/history_bench.py [--files 1000] [--commits 10000] [--shape monorepo]``
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE = """\
pmkit: 1
id: pm-{n:04d}
title: Incident {n} delayed notifications
status: published
lang: en
severity: SEV{sev}
owner: messaging lead
summary: |
  For {minutes} minutes, about {users:,} users got notifications late.
impact:
  users_affected: {users}
  customers_affected: {customers}
  data_loss: false
  metrics:
    - {{name: notifications delayed, value: {delayed}, unit: messages}}
timeline:
  - at: 2026-03-02T10:00:00Z
    milestone: impact_started
    actor: queue
    event: Consumers stalled after config push {rev}.
  - at: 2026-03-02T10:05:00Z
    milestone: detected
    actor: monitoring
    event: Backlog alert fired at {alert:,} messages.
  - at: 2026-03-02T10:{minutes:02d}:00Z
    milestone: resolved
    actor: messaging on-call engineer
    event: Backlog drained.
decisions:
  - id: D1
    at: 2026-03-02T10:12:00Z
    decision: Roll back the config push.
    decided_by: incident commander
contributing_factors:
  - id: CF1
    description: The config push had no canary.
disclosure:
  aware_at: 2026-03-02T10:05:00Z
  published_at: 2026-03-05T09:00:00Z
corrections: []
"""


def content(n: int, rev: int) -> str:
    return TEMPLATE.format(n=n, rev=rev, sev=1 + n % 4, minutes=10 + (n + rev) % 49,
                           users=1000 + n * 7 + rev, customers=n % 90, delayed=5000 + rev,
                           alert=1000 + n)


def build(root: Path, files: int, commits: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream = []
    t0 = 1_700_000_000
    for c in range(commits):
        n = c % files
        blob = content(n, c // files).encode()
        msg = f"edit pm-{n:04d} ({c})".encode()
        stamp = f"{t0 + c * 60} +0000"
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"mark :{c + 1}\n".encode())
        stream.append(f"author Bench <bench@example.com> {stamp}\n".encode())
        stream.append(f"committer Bench <bench@example.com> {stamp}\n".encode())
        stream.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        if c:
            stream.append(f"from :{c}\n".encode())
        stream.append(f"M 100644 inline postmortems/pm-{n:04d}.yaml\n".encode())
        stream.append(f"data {len(blob)}\n".encode() + blob + b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], input=b"".join(stream), cwd=root, check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


def build_monorepo(root: Path, files: int, commits: int) -> None:
    """A shape closer to a product repository: most commits change code, not postmortems; one
    in ten edits a postmortem; every 1,000th reformats all of them at once (a bulk commit);
    every 100th merges a side branch of two commits (one of them editing a postmortem)."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    stream: list[bytes] = []
    t0 = 1_700_000_000
    mark = 0
    revisions = [0] * files
    edits = 0

    def commit(branch: str, parents: list[int], changes: list[tuple[str, bytes]], stamp: int) -> int:
        nonlocal mark
        mark += 1
        msg = f"change {mark}".encode()
        stream.append(f"commit refs/heads/{branch}\nmark :{mark}\n".encode())
        for who in ("author", "committer"):
            stream.append(f"{who} Bench <bench@example.com> {stamp} +0000\n".encode())
        stream.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        if parents:
            stream.append(f"from :{parents[0]}\n".encode())
        for other in parents[1:]:
            stream.append(f"merge :{other}\n".encode())
        for path, blob in changes:
            stream.append(f"M 100644 inline {path}\ndata {len(blob)}\n".encode() + blob + b"\n")
        return mark

    def postmortem(n: int) -> tuple[str, bytes]:
        nonlocal edits
        revisions[n] += 1
        edits += 1
        return f"postmortems/pm-{n:04d}.yaml", content(n, revisions[n]).encode()

    # First all postmortems, in one commit, as a team importing its old ones would.
    head = commit("main", [], [postmortem(n) for n in range(files)], t0)
    for c in range(1, commits):
        stamp = t0 + c * 60
        if c % 1000 == 0:
            changes = [postmortem(n) for n in range(files)]
        elif c % 10 == 0:
            changes = [postmortem((c // 10) % files)]
        else:
            changes = [(f"src/module-{c % 200:03d}.py", f"VALUE = {c}\n".encode())]
        if c % 100 == 0:
            side = commit("side", [head], [(f"docs/note-{c}.md", b"note\n")], stamp - 30)
            side = commit("side", [side], [postmortem((c // 100) % files)], stamp - 20)
            head = commit("main", [head, side], changes, stamp)
        else:
            head = commit("main", [head], changes, stamp)
    subprocess.run(["git", "fast-import", "--quiet"], input=b"".join(stream), cwd=root, check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
    print(f"monorepo shape: {mark} commits, {edits} postmortem versions")


def cpu() -> float:
    """CPU seconds of this process and its finished children (git): fair on a busy machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10000)
    parser.add_argument("--keep", metavar="DIR", help="build the repository here and keep it")
    parser.add_argument("--shape", choices=("postmortems", "monorepo"), default="postmortems",
                        help="postmortems: every commit edits one postmortem; monorepo: see build_monorepo")
    args = parser.parse_args()

    from pmkit.facts import diff_corrections, diff_facts, load_data
    from pmkit.history import read_baseline, read_evidence

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep or tmp) / "bench-repo"
        start = time.perf_counter()
        (build_monorepo if args.shape == "monorepo" else build)(root, args.files, args.commits)
        print(f"built {args.files} files × {args.commits} commits in {time.perf_counter() - start:.1f} s")
        paths = sorted(str(p) for p in (root / "postmortems").glob("*.yaml"))
        for p in paths:  # every file differs from HEAD: a silent change in each
            text = Path(p).read_text(encoding="utf-8")
            Path(p).write_text(text.replace("data_loss: false", "data_loss: true"), encoding="utf-8")
        os.chdir(root)

        start, c0 = time.perf_counter(), cpu()
        evidence = read_evidence(paths)
        t_evidence, c_evidence = time.perf_counter() - start, cpu() - c0
        touched = sum(len(evidence.history(p)) for p in paths)

        start, c0 = time.perf_counter(), cpu()
        base = read_baseline(paths, "HEAD", folders=[str(root / "postmortems")])
        t_base, c_base = time.perf_counter() - start, cpu() - c0

        start, c0 = time.perf_counter(), cpu()
        parsed = [(load_data(base.text(p) or ""), load_data(Path(p).read_text(encoding="utf-8")))
                  for p in paths]
        t_parse, c_parse = time.perf_counter() - start, cpu() - c0
        start, c0 = time.perf_counter(), cpu()
        changed = 0
        for old, new in parsed:
            changed += len(diff_facts(old, new))
            diff_corrections(old, new)
        t_diff, c_diff = time.perf_counter() - start, cpu() - c0

        blobs = sum(t is not None for t in base.texts.values())
        print(f"{'step':<28}{'wall':>8}{'cpu':>8}")
        rows = [
            (f"read_evidence ({touched} changes)", t_evidence, c_evidence),
            (f"read_baseline ({blobs} blobs)", t_base, c_base),
            (f"load_data 2×{len(paths)} versions", t_parse, c_parse),
            (f"diff_facts ({changed} changes)", t_diff, c_diff),
        ]
        for name, wall, used in rows:
            print(f"{name:<28}{wall:>7.2f}s{used:>7.2f}s")
        wall_total, cpu_total = sum(r[1] for r in rows), sum(r[2] for r in rows)
        print(f"{'evidence + facts, total':<28}{wall_total:>7.2f}s{cpu_total:>7.2f}s")

        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pmkit", "check", "--select", "PM6",
                               "--format", "json", "postmortems"], capture_output=True, text=True,
                              env={**os.environ}, check=False)
        t_check = time.perf_counter() - start
        findings = done.stdout.count('"code": "PM601"')
        print(f"pmkit check --select PM6 postmortems: {t_check:.2f} s end to end "
              f"(exit {done.returncode}, {findings} PM601 findings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
