"""The git evidence and the hooks in repository shapes other than history_bench.py's.

Each shape is built with ``git fast-import`` (seconds for 10,000 commits), then, with one
postmortem changed and staged as a commit would have it, these run as fresh processes and their
CPU time (user + system, git included) is printed, median of ``--runs``:

- ``pmkit check FILE`` (the hook on one file, every rule, the file's whole history);
- ``pmkit check --repo-wide --select PM600,PM605,PM606`` (the repository-wide hook), with
  ``PRE_COMMIT_FROM_REF`` set to a commit ``--behind`` commits back (a pre-push of a long-lived
  branch) when given;
- ``pmkit check --select PM6 --format json FOLDER`` (every file, the evidence of all of them);
- ``pmkit history FILE``;
- ``pmkit due`` (the disclosure clocks of every postmortem, each file's history).

With ``--old SRC`` the same commands also run with that source tree (alternating with this
one), and the JSON output of each must be identical.

    PYTHONPATH=src python bench/history_shapes.py --shape merges [--files 1000] [--commits 10000]
        [--runs 3] [--behind 5000] [--old OLD/src] [--keep DIR]

Shapes:

- ``merges``: a merge every 5 commits (a side branch of two commits), an octopus merge of three
  branches every 50, a criss-cross (two branches merging each other, then both merged) every 200;
- ``hot``: one postmortem edited 2,000 times among the others, the postmortem folder moved
  whole five times, 100 files moved between two folders and 50 copied;
- ``deep``: 100,000 other files in trees five folders deep, nine commits in ten changing them;
- ``teams``: the postmortems spread over 300 team folders (``teams/team-NNN/postmortems``);
- ``bulk``: a commit reformatting every postmortem every 1,000 commits, 100 kB commit messages,
  and binary files beside the postmortems.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from history_bench import content

SHAPES = ("merges", "hot", "deep", "teams", "bulk")


class Stream:
    """A ``git fast-import`` stream under construction."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.mark = 0
        self.clock = 1_700_000_000

    def commit(self, branch: str, parents: list[int], changes: list[bytes], message: bytes = b"") -> int:
        self.mark += 1
        self.clock += 60
        msg = message or f"change {self.mark}".encode()
        self.parts.append(f"commit refs/heads/{branch}\nmark :{self.mark}\n".encode())
        for who in ("author", "committer"):
            self.parts.append(f"{who} Bench <bench@example.com> {self.clock} +0000\n".encode())
        self.parts.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        if parents:
            self.parts.append(f"from :{parents[0]}\n".encode())
        for other in parents[1:]:
            self.parts.append(f"merge :{other}\n".encode())
        self.parts.extend(changes)
        return self.mark

    def write(self, root: Path) -> None:
        subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
        subprocess.run(["git", "fast-import", "--quiet"], input=b"".join(self.parts), cwd=root, check=True)
        subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


def put(path: str, data: bytes) -> bytes:
    return f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"


def move(old: str, new: str) -> bytes:
    return f'R "{old}" "{new}"\n'.encode()


def copy(old: str, new: str) -> bytes:
    return f'C "{old}" "{new}"\n'.encode()


class Postmortems:
    """The postmortems' paths and revision counters."""

    def __init__(self, files: int, folder: Callable[[int], str]) -> None:
        self.folder = folder
        self.revisions = [0] * files

    def path(self, n: int) -> str:
        return f"{self.folder(n)}/pm-{n:04d}.yaml"

    def edit(self, n: int) -> bytes:
        self.revisions[n] += 1
        return put(self.path(n), content(n, self.revisions[n]).encode())

    def all(self) -> list[bytes]:
        return [self.edit(n) for n in range(len(self.revisions))]


def build_merges(root: Path, files: int, commits: int) -> str:
    s, pms = Stream(), Postmortems(files, lambda n: "postmortems")
    head = s.commit("main", [], pms.all())
    c = 1
    while c < commits:
        if c % 200 == 0:  # criss-cross: a and b merge each other, then both are merged
            a = s.commit("a", [head], [pms.edit(c % files)])
            b = s.commit("b", [head], [pms.edit((c + 1) % files)])
            a2 = s.commit("a", [a, b], [])
            b2 = s.commit("b", [b, a], [])
            head = s.commit("main", [head, a2, b2], [pms.edit((c + 2) % files)])
            c += 5
        elif c % 50 == 0:  # an octopus of three branches
            tips = [s.commit(f"o{k}", [head], [pms.edit((c + k) % files)]) for k in range(3)]
            head = s.commit("main", [head, *tips], [])
            c += 4
        elif c % 5 == 0:
            side = s.commit("side", [head], [pms.edit(c % files)])
            side = s.commit("side", [side], [put(f"src/m{c % 50}.py", f"X = {c}\n".encode())])
            head = s.commit("main", [head, side], [])
            c += 3
        else:
            head = s.commit("main", [head], [pms.edit((c * 7) % files)])
            c += 1
    s.write(root)
    return "postmortems"


def build_hot(root: Path, files: int, commits: int) -> str:
    folders = ["postmortems", "docs/postmortems", "docs/incidents", "incidents", "ops/incidents",
               "postmortems"]
    where = {"folder": folders[0]}
    s, pms = Stream(), Postmortems(files, lambda n: where["folder"])
    head = s.commit("main", [], [*pms.all(), put("drafts/README.md", b"drafts\n")])
    moves = 0
    for c in range(1, commits):
        if c % (commits // len(folders)) == 0 and moves + 1 < len(folders):
            old, new = folders[moves], folders[moves + 1]
            moves += 1
            where["folder"] = new
            head = s.commit("main", [head], [move(old, new)])
        elif c % 97 == 0 and c < commits // 2:  # a draft moved into the folder
            n = files - 1 - (c // 97) % 100
            draft = f"drafts/pm-{n:04d}.yaml"
            head = s.commit("main", [head], [move(pms.path(n), draft)])
            head = s.commit("main", [head], [move(draft, pms.path(n))])
        elif c % 199 == 0:
            n = c % files
            head = s.commit("main", [head], [copy(pms.path(n), f"{where['folder']}/copy-{c}.yaml")])
        elif c % 5 == 0:
            head = s.commit("main", [head], [pms.edit(files // 2)])  # the hot one
        else:
            head = s.commit("main", [head], [pms.edit((c * 7) % files)])
    s.write(root)
    return where["folder"]


def build_deep(root: Path, files: int, commits: int) -> str:
    s, pms = Stream(), Postmortems(files, lambda n: "postmortems")
    code = [f"src/{a}/{b}/{c}/{d}/f{e}.py" for a in range(10) for b in range(10) for c in range(10)
            for d in range(10) for e in range(10)]
    head = s.commit("main", [], [*pms.all(), *(put(p, f"# {p}\n".encode()) for p in code)])
    for c in range(1, commits):
        if c % 10 == 0:
            changes = [pms.edit((c // 10) % files)]
        else:
            changes = [put(code[(c * 7919) % len(code)], f"V = {c}\n".encode())]
        head = s.commit("main", [head], changes)
    s.write(root)
    return "postmortems"


def build_teams(root: Path, files: int, commits: int) -> str:
    s, pms = Stream(), Postmortems(files, lambda n: f"teams/team-{n % 300:03d}/postmortems")
    head = s.commit("main", [], [*pms.all(), *(put(f"teams/team-{t:03d}/src/main.py", b"x\n")
                                               for t in range(300))])
    for c in range(1, commits):
        if c % 3 == 0:
            changes = [put(f"teams/team-{c % 300:03d}/src/main.py", f"V = {c}\n".encode())]
        else:
            changes = [pms.edit((c * 7) % files)]
        head = s.commit("main", [head], changes)
    s.write(root)
    return "teams"


def build_bulk(root: Path, files: int, commits: int) -> str:
    s, pms = Stream(), Postmortems(files, lambda n: "postmortems")
    binary = bytes(range(256)) * 400
    head = s.commit("main", [], [*pms.all(), *(put(f"postmortems/graph-{k}.png", binary + bytes([k]))
                                               for k in range(100))])
    long_message = b"reformat\n\n" + b"A long explanation of the change. " * 3000
    for c in range(1, commits):
        if c % 1000 == 0:
            head = s.commit("main", [head], pms.all(), long_message)
        elif c % 50 == 0:
            head = s.commit("main", [head], [put(f"postmortems/graph-{c % 100}.png", binary + c.to_bytes(4))],
                            long_message)
        else:
            head = s.commit("main", [head], [pms.edit((c * 7) % files)])
    s.write(root)
    return "postmortems"


BUILDERS: dict[str, Callable[[Path, int, int], str]] = {
    "merges": build_merges, "hot": build_hot, "deep": build_deep, "teams": build_teams, "bulk": build_bulk,
}


def run(src: str, command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str, int]:
    """CPU seconds of a fresh pmkit process and its git children, its output and exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-m", "pmkit", *command], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env, "PYTHONPATH": src}, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used, done.stdout, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=SHAPES, required=True)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--behind", type=int, default=0, help="the pre-push base: HEAD~N")
    parser.add_argument("--old", metavar="SRC", help="another source tree to compare with")
    parser.add_argument("--keep", metavar="DIR", help="build the repository here and keep it")
    args = parser.parse_args()
    new_src = str(Path(__file__).resolve().parent.parent / "src")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep or tmp) / f"shape-{args.shape}"
        folder = BUILDERS[args.shape](root, args.files, args.commits)
        postmortems = sorted((root / folder).rglob("pm-*.yaml"))
        changed = postmortems[len(postmortems) // 2]
        changed.write_text(changed.read_text(encoding="utf-8").replace("data_loss: false", "data_loss: true"),
                           encoding="utf-8")
        subprocess.run(["git", "add", str(changed)], cwd=root, check=True)
        name = changed.relative_to(root).as_posix()
        env = {}
        if args.behind:
            base = subprocess.run(["git", "rev-parse", f"HEAD~{args.behind}"], cwd=root, capture_output=True,
                                  text=True, check=True).stdout.strip()
            env["PRE_COMMIT_FROM_REF"] = base
        commands = {
            "check FILE (hook)": ["check", "--format", "json", name],
            "repo-wide hook": ["check", "--format", "json", "--repo-wide", "--select", "PM600,PM605,PM606"],
            "check --select PM6 folder": ["check", "--format", "json", "--select", "PM6", folder],
            "history FILE": ["history", name],
            "due": ["due", "--format", "json", "--now", "2026-06-01T00:00:00Z"],
        }
        sources = {"new": new_src, **({"old": args.old} if args.old else {})}
        samples: dict[tuple[str, str], list[float]] = {}
        outputs: dict[tuple[str, str], str] = {}
        for _ in range(args.runs):
            for key, command in commands.items():
                for label, src in sources.items():
                    used, out, code = run(src, command, root, env)
                    samples.setdefault((key, label), []).append(used)
                    outputs[(key, label)] = f"exit {code}\n{out}"
    print(f"shape {args.shape}: {args.files} files, {args.commits} commits"
          + (f", base HEAD~{args.behind}" if args.behind else ""))
    for key in commands:
        cells = "  ".join(f"{label} {statistics.median(samples[(key, label)]):6.2f} s cpu"
                          for label in sources)
        same = "" if not args.old else (
            "  same output" if outputs[(key, "new")] == outputs[(key, "old")] else "  OUTPUT DIFFERS")
        print(f"{key:<28}{cells}{same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
