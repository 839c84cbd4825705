"""Repository shapes that neither generate.py nor history_shapes.py builds, against check-jsonschema.

Each shape is built under a temporary folder (``--keep DIR`` keeps it there), one postmortem is
changed and staged as a commit would have it, and these run as fresh processes, alternating,
``--runs`` times; the script prints each command's median wall time, its peak memory (the
largest resident set of the process tree, GNU time) and the ratio of the median to
check-jsonschema's on the same files (``--schemafile schemas/postmortem.schema.json``; YAML
files only, it reads no Markdown):

- ``check folder``: ``pmkit check FOLDER``, every rule (check-jsonschema on its YAML files);
- ``check FILE (hook)``: ``pmkit check FILE``, every rule, as the pre-commit hook runs it;
- ``PM6 folder``: ``pmkit check --select PM6 FOLDER``, the git evidence of every file;
- ``history FILE`` and ``due``: the audit trail of the changed file, every disclosure clock.

    PYTHONPATH=src python bench/repo_shapes.py --shape monorepo [--runs 5] [--keep DIR]
        [--old OLD/src] [--only PREFIX ...]

A repository kept with ``--keep`` is measured again as it is on the next run with that folder.

Shapes:

- ``monorepo``: 200 postmortems in one folder among 20,000 other files, 30,000 commits of which
  one in 50 touches a postmortem;
- ``prs``: 1,000 postmortems, 10,000 commits, every change on a pull-request branch merged with
  a merge commit, ten long-lived release branches merged back every 1,000 commits, an octopus
  merge of eight branches every 500;
- ``renames``: 1,000 postmortems, 10,000 commits, one postmortem moved 50 times (between
  folders and names) with edits between the moves, 2,000 tags and 500 branches;
- ``longrun``: 50 postmortems each written over 200 commits, a timeline entry more each time;
- ``large``: no history; a German postmortem of 2,000 timeline entries, one of 300 decisions
  and a Markdown postmortem of 1 MB of German prose;
- ``deep``: the postmortems 20 folders deep, 5,000 ignored YAML files beside them
  (``.gitignore``), a symbolic link to a folder of them, 2,000 commits;
- ``shallow`` and ``partial``: ``git clone --depth 50`` and ``git clone --filter=blob:none``
  (from ``file://``, no network) of the monorepo shape.

With ``--old SRC`` each pmkit command also runs with that source tree, alternating with this
one, and the output of each must be identical.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from compare import SCHEMA, tool
from history_bench import content
from history_shapes import Postmortems, Stream, move, put

SHAPES = ("monorepo", "prs", "renames", "longrun", "large", "deep", "shallow", "partial")
NOW = "2026-06-01T00:00:00Z"


def build_monorepo(root: Path) -> str:
    s, pms = Stream(), Postmortems(200, lambda n: "docs/postmortems")
    code = [f"services/s{a:02d}/pkg{b:02d}/mod{c:02d}.py"
            for a in range(40) for b in range(25) for c in range(20)]
    head = s.commit("main", [], [*pms.all(), *(put(p, f"# {p}\n".encode()) for p in code)])
    for c in range(1, 30000):
        if c % 50 == 0:
            changes = [pms.edit((c // 50) % 200)]
        else:
            changes = [put(code[(c * 7919) % len(code)], f"V = {c}\n".encode()),
                       put(code[(c * 104729) % len(code)], f"W = {c}\n".encode())]
        head = s.commit("main", [head], changes)
    s.write(root)
    return "docs/postmortems"


def build_prs(root: Path) -> str:
    s, pms = Stream(), Postmortems(1000, lambda n: "postmortems")
    head = s.commit("main", [], pms.all())
    releases = {k: head for k in range(10)}
    c = 1
    while c < 10000:
        if c % 500 == 0:  # an octopus of eight branches
            tips = [s.commit(f"oct{k}", [head], [pms.edit((c + k) % 1000)]) for k in range(8)]
            head = s.commit("main", [head, *tips], [])
            c += 9
        elif c % 1000 == 1:  # the long-lived release branches merge back
            for k, tip in releases.items():
                releases[k] = s.commit("main", [head, tip], [])
                head = releases[k]
            c += 10
        elif c % 7 == 0:  # a commit on a release branch
            k = c % 10
            releases[k] = s.commit(f"release/{k}", [releases[k]], [pms.edit((c * 13) % 1000)])
            c += 1
        else:  # a pull request: two or three commits on a branch, then a merge commit
            branch = f"pr/{c}"
            tip = s.commit(branch, [head], [pms.edit((c * 7) % 1000)])
            tip = s.commit(branch, [tip], [put(f"src/m{c % 50}.py", f"X = {c}\n".encode())])
            if c % 3 == 0:
                tip = s.commit(branch, [tip], [pms.edit((c * 7) % 1000)])
            head = s.commit("main", [head, tip], [], f"Merge pull request #{c}".encode())
            c += 4
    s.write(root)
    _drop_branches(root, "pr/", "oct")
    return "postmortems"


def _drop_branches(root: Path, *prefixes: str) -> None:
    """Merged branches are deleted after their merge, as a forge does."""
    refs = subprocess.run(["git", "for-each-ref", "--format=%(refname)", "refs/heads/"], cwd=root,
                          capture_output=True, text=True, check=True).stdout.split()
    doomed = [ref for ref in refs if ref.removeprefix("refs/heads/").startswith(prefixes)]
    stdin = "".join(f"delete {ref}\n" for ref in doomed)
    subprocess.run(["git", "update-ref", "--stdin"], input=stdin, text=True, cwd=root, check=True)


def build_renames(root: Path) -> str:
    s, pms = Stream(), Postmortems(1000, lambda n: "postmortems")
    head = s.commit("main", [], pms.all())
    moved = 500
    names = [pms.path(moved)]
    tags, branches = [], []
    for c in range(1, 10000):
        if c % 200 == 0 and len(names) <= 50:  # the moved one: a new folder and name each time
            top = "archive" if len(names) % 2 else "postmortems"
            new = f"{top}/y{len(names):02d}/pm-{moved:04d}-v{len(names)}.yaml"
            if len(names) == 50:
                new = pms.path(moved)
            head = s.commit("main", [head], [move(names[-1], new)])
            names.append(new)
        elif c % 10 == 0:
            name = names[-1]
            pms.revisions[moved] += 1
            head = s.commit("main", [head], [put(name, content(moved, pms.revisions[moved]).encode())])
        else:
            n = (c * 7) % 1000
            head = s.commit("main", [head], [pms.edit(n if n != moved else 501)])
        if c % 5 == 0:
            tags.append((f"v{c}", head))
        if c % 20 == 0:
            branches.append((f"topic/{c}", head))
    for name, mark in tags:
        s.parts.append(f"reset refs/tags/{name}\nfrom :{mark}\n\n".encode())
    for name, mark in branches:
        s.parts.append(f"reset refs/heads/{name}\nfrom :{mark}\n\n".encode())
    s.write(root)
    return "postmortems"


LONG_ENTRY = """\
  - at: 2026-03-{day:02d}T{hour:02d}:{minute:02d}:00Z
    actor: {actor}
    event: {event}
"""


def long_running(n: int, revision: int) -> str:
    """The postmortem ``n`` at its ``revision``-th commit: one more timeline entry each time."""
    head = content(n, 1)
    entries = "".join(LONG_ENTRY.format(day=3 + k // 96, hour=(k // 4) % 24, minute=(k % 4) * 15,
                                        actor="database on-call engineer",
                                        event=f"Step {k} of the recovery, replica {k % 7} resynced.")
                      for k in range(revision))
    return head.replace("decisions:\n", entries + "decisions:\n", 1)


def build_longrun(root: Path) -> str:
    s, pms = Stream(), Postmortems(50, lambda n: "postmortems")
    head = s.commit("main", [], [put(pms.path(n), long_running(n, 0).encode()) for n in range(50)])
    for c in range(1, 10000):
        n = c % 50
        head = s.commit("main", [head], [put(pms.path(n), long_running(n, c // 50 + 1).encode())])
    s.write(root)
    return "postmortems"


GERMAN = ("Die Datenbank im zweiten Rechenzentrum nahm ab 09:58 Uhr keine Schreibzugriffe mehr an, weil "
          "der Speicherplatz des Transaktionsprotokolls erschöpft war. Die Bereitschaft hat den Alarm "
          "bestätigt, das Protokoll archiviert und die Replikation neu gestartet. ")


def german_yaml(entries: int, decisions: int) -> str:
    lines = [
        "pmkit: 1", "id: pm-gross",
        "title: Die Datenbank im zweiten Rechenzentrum nahm keine Schreibzugriffe an",
        "status: published", "lang: de", "severity: SEV2", "owner: Leitung Datenbanken",
        "summary: |", f"  {GERMAN}", "impact:", "  users_affected: 4180", "  data_loss: false",
        "timeline:",
    ]
    milestones = {0: "impact_started", 1: "detected", entries - 2: "mitigated", entries - 1: "resolved"}
    for k in range(entries):
        lines += [f"  - at: 2026-03-{2 + k // 1440:02d}T{(k // 60) % 24:02d}:{k % 60:02d}:00Z",
                  *([f"    milestone: {milestones[k]}"] if k in milestones else []),
                  "    actor: Bereitschaft Datenbanken",
                  f"    event: In Schritt {k} wurde Replikat {k % 7} neu synchronisiert und geprüft.",
                  *([f"    decision: D{k + 1}"] if k < decisions else [])]
    if decisions:
        lines.append("decisions:")
        for k in range(decisions):
            lines += [f"  - id: D{k + 1}",
                      f"    at: 2026-03-{2 + k // 1440:02d}T{(k // 60) % 24:02d}:{k % 60:02d}:00Z",
                      f"    decision: Replikat {k % 7} vom Verkehr nehmen und neu synchronisieren.",
                      "    rationale: Das Replikat lag mehr als zehn Minuten hinter dem Primärsystem.",
                      "    decided_by: Incident Commander"]
    return "\n".join(lines) + "\n"


def german_markdown(size: int) -> str:
    front = german_yaml(8, 0)
    sections = ["## Zusammenfassung", "## Auswirkungen", "## Hintergrund", "## Erkenntnisse"]
    body: list[str] = []
    per_section = size // len(sections)
    for heading in sections:
        body.append(heading + "\n")
        written = 0
        while written < per_section:
            paragraph = GERMAN * 4
            body.append(paragraph + "\n")
            written += len(paragraph.encode())
    return f"---\n{front}---\n\n" + "\n".join(body)


def build_large(root: Path) -> str:
    folder = root / "postmortems"
    folder.mkdir(parents=True)
    (folder / "zeitleiste.yaml").write_text(german_yaml(2000, 0), encoding="utf-8")
    (folder / "entscheidungen.yaml").write_text(german_yaml(400, 300), encoding="utf-8")
    (folder / "prosa.md").write_text(german_markdown(1_000_000), encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "-q",
                    "-m", "large"], cwd=root, check=True)
    return "postmortems"


def build_deep(root: Path) -> str:
    deep = "/".join(f"level{k:02d}" for k in range(20))
    s, pms = Stream(), Postmortems(200, lambda n: f"{deep}/team{n % 4}")
    head = s.commit("main", [], [*pms.all(), put(".gitignore", b"generated/\n*.tmp.yaml\n")])
    for c in range(1, 2000):
        head = s.commit("main", [head], [pms.edit((c * 7) % 200)])
    s.write(root)
    top = root / "level00"
    for k in range(5000):  # ignored by git, beside the postmortems
        where = top / deep.split("/", 1)[1] / ("generated" if k % 2 else f"team{k % 4}")
        where.mkdir(parents=True, exist_ok=True)
        name = f"out-{k}.yaml" if k % 2 else f"scratch-{k}.tmp.yaml"
        (where / name).write_text(f"generated: {k}\nvalues: [1, 2, 3]\n", encoding="utf-8")
    os.symlink(f"{deep}/team0", root / "level00" / "team0-link")
    return "level00"


def build_clone(root: Path, how: list[str]) -> str:
    source = root.parent / "monorepo-source"
    if not source.exists():
        build_monorepo(source)
    # Without it, git serves a --filter clone in full ("filtering not recognized by server").
    subprocess.run(["git", "config", "uploadpack.allowFilter", "true"], cwd=source, check=True)
    subprocess.run(["git", "clone", "-q", "--no-local", *how, f"file://{source}", str(root)], check=True)
    return "docs/postmortems"


#: The folder of the postmortems, when a kept repository is measured again.
FOLDERS = {"monorepo": "docs/postmortems", "shallow": "docs/postmortems", "partial": "docs/postmortems",
           "deep": "level00"}

BUILDERS: dict[str, Callable[[Path], str]] = {
    "monorepo": build_monorepo, "prs": build_prs, "renames": build_renames, "longrun": build_longrun,
    "large": build_large, "deep": build_deep,
    "shallow": lambda root: build_clone(root, ["--depth", "50"]),
    "partial": lambda root: build_clone(root, ["--filter=blob:none"]),
}


def measure(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, children included) and peak RSS (KiB) of one
    run of ``command``, from GNU time: the machine is shared, so CPU time is the steadier."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *command], cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    wall, user, system, rss = proc.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss)


def stage_one(root: Path, folder: str) -> str:
    """Change one postmortem in the working tree and stage it; its name from the root."""
    postmortems = sorted(p for p in (root / folder).rglob("*") if p.suffix in (".yaml", ".md")
                         and p.is_file() and ".tmp." not in p.name and "generated" not in p.parts)
    changed = postmortems[len(postmortems) // 2]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("data_loss: false", "data_loss: true", 1), encoding="utf-8")
    subprocess.run(["git", "add", str(changed)], cwd=root, check=True)
    return changed.relative_to(root).as_posix()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=SHAPES, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--old", metavar="SRC", help="another source tree to compare with")
    parser.add_argument("--keep", metavar="DIR", help="build the repository here and keep it")
    parser.add_argument("--only", nargs="*", help="run only the commands whose names start so")
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    new_src = str(Path(__file__).resolve().parent.parent / "src")
    tmp = tempfile.mkdtemp(prefix="pmkit-shape-")
    try:
        root = Path(args.keep or tmp) / f"shape-{args.shape}"
        if root.exists():  # kept from an earlier run: measured again as it is
            folder = FOLDERS.get(args.shape, "postmortems")
            name = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=root, capture_output=True,
                                  text=True, check=True).stdout.split()[0]
        else:
            folder = BUILDERS[args.shape](root)
            name = stage_one(root, folder)
        yaml_files = sorted(str(p.relative_to(root)) for p in (root / folder).rglob("*.yaml")
                            if ".tmp." not in p.name and "generated" not in p.parts)
        pmkit = [sys.executable, "-m", "pmkit"]
        commands: dict[str, list[str]] = {
            "check folder": ["check", "--now", NOW, folder],
            "check FILE (hook)": ["check", "--now", NOW, name],
            "PM6 folder": ["check", "--select", "PM6", folder],
            "history FILE": ["history", name],
            "due": ["due", "--now", NOW, folder],
        }
        if args.only:
            commands = {k: v for k, v in commands.items() if any(k.startswith(o) for o in args.only)}
        peers = {"check-jsonschema folder": yaml_files,
                 "check-jsonschema FILE": [name] if name.endswith(".yaml") else []}
        sources = {"new": new_src, **({"old": args.old} if args.old else {})}
        runs: dict[str, list[str]] = {}
        envs: dict[str, str] = {}
        for key, command in commands.items():
            for label, src in sources.items():
                runs[f"{key} [{label}]"] = [*pmkit, *command]
                envs[f"{key} [{label}]"] = src
        cjs = tool("check-jsonschema")
        for key, files in peers.items():
            if files and cjs:
                runs[key] = [cjs, "--schemafile", str(SCHEMA), *files]
        samples: dict[str, list[tuple[float, float, int]]] = {key: [] for key in runs}
        outputs: dict[str, set[str]] = {}
        for _ in range(args.runs):
            for key, command in runs.items():
                if key in envs:
                    os.environ["PYTHONPATH"] = envs[key]
                samples[key].append(measure(command, root))
                os.environ.pop("PYTHONPATH", None)
        if args.old:
            for key, command in commands.items():
                for src in sources.values():
                    done = subprocess.run([*pmkit, *command, "--format", "json"] if command[0] == "check"
                                          else [*pmkit, *command], cwd=root, capture_output=True, text=True,
                                          env={**os.environ, "PYTHONPATH": src}, check=False)
                    outputs.setdefault(key, set()).add(f"exit {done.returncode}\n{done.stdout}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"shape {args.shape}: {len(yaml_files)} YAML files in {folder}, changed {name}; {args.runs} runs, "
          f"alternating; {os.cpu_count()} cores")
    peer = {k: statistics.median(w for w, *_ in v) for k, v in samples.items()
            if k.startswith("check-jsonschema")}
    for key, values in samples.items():
        walls = sorted(w for w, *_ in values)
        wall = statistics.median(walls)
        cpu = statistics.median(c for _, c, _ in values)
        base = peer.get("check-jsonschema FILE" if "FILE" in key else "check-jsonschema folder")
        ratio = f"  {wall / base:5.2f}x check-jsonschema" if base and not key.startswith("check-jsonschema") \
            and key.startswith(("check", "PM6")) else ""
        same = ""
        if args.old and key.endswith("[new]"):
            same = "  same output" if len(outputs[key.rsplit(" [", 1)[0]]) == 1 else "  OUTPUT DIFFERS"
        print(f"{key:<34} median {wall:7.3f} s (range {walls[0]:.3f}-{walls[-1]:.3f}), cpu {cpu:6.3f} s  "
              f"{max(m for *_, m in values) / 1024:6.1f} MiB{ratio}{same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
