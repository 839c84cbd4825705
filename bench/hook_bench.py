"""The pre-commit hooks on one commit in a large repository, against check-jsonschema.

    python bench/hook_bench.py [--files 1000] [--commits 10000] [--runs 10]

Generates a repository (bench/generate.py) of ``--files`` postmortems with ``--commits``
commits, changes one postmortem in the working tree, as a commit would, and runs as fresh
processes, alternating: the ``pmkit`` hook on that file (every rule, git history included),
with the git log kept by the run before (as every hook run after the first has it, with a
commit made before each round) and without (``PMKIT_NO_CACHE=1``: a first run), the
``pmkit-history-repo`` hook (``--repo-wide --select PM600,PM605,PM606``, which runs on every
commit), and check-jsonschema on the same file. Prints the median and best wall time of each
and the ratio to check-jsonschema.

With ``--settings`` the repository has the settings ``pmkit init`` writes (``[tool.pmkit]`` in
``pyproject.toml``, ``paths = ["postmortems"]``), as a team's repository does.

With ``--edit`` the hook's file gets a new sentence in its summary before each round, staged, as
the postmortem a hook checks was just edited: the readability score and the blameless-phrasing
findings of that summary are then not kept from the run before, and the history rules compare
a changed file with its base version (without it, the file is the same in every round).

With ``--commit-graph`` the repository first gets a commit-graph with changed-path Bloom
filters (``git commit-graph write --reachable --changed-paths``), as ``git maintenance`` or a
server's clone may give it: git then skips the commits that did not touch a file's path
without reading their trees.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from cold_start import SCHEMA, print_medians, timed, tool
from generate import make_history, write_files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--settings", action="store_true",
                        help="give the repository the [tool.pmkit] settings 'pmkit init' writes")
    parser.add_argument("--edit", action="store_true",
                        help="edit the hook's file's summary before each round, as a commit would")
    parser.add_argument("--commit-graph", action="store_true",
                        help="write a commit-graph with changed-path Bloom filters first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths = write_files(work, args.files, seed=7)
        make_history(work, paths, args.commits, seed=7)
        if args.settings:
            (work / "pyproject.toml").write_text('[tool.pmkit]\npaths = ["postmortems"]\n', encoding="utf-8")
            subprocess.run(["git", "add", "pyproject.toml"], cwd=work, check=True)
            subprocess.run(["git", "commit", "-q", "--no-verify", "-m", "pmkit settings"], cwd=work,
                           check=True)
        changed = paths[len(paths) // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        subprocess.run(["git", "add", str(changed)], cwd=work, check=True)
        if args.commit_graph:
            subprocess.run(["git", "commit-graph", "write", "--reachable", "--changed-paths"], cwd=work,
                           check=True)
        original = changed.read_text(encoding="utf-8")
        name = str(changed.relative_to(work))
        other = paths[0]
        pmkit = tool("pmkit")
        commands = {
            "pmkit hook (one file, all rules)": [pmkit, "check", name],
            "pmkit hook, no log kept (PMKIT_NO_CACHE=1)": ["env", "PMKIT_NO_CACHE=1", pmkit, "check", name],
            "pmkit-history-repo hook": [pmkit, "check", "--repo-wide", "--select", "PM600,PM605,PM606"],
            "check-jsonschema (one file)": [tool("check-jsonschema"), "--schemafile", str(SCHEMA), name],
        }
        for command in commands.values():
            timed(command, cwd=work)  # warm the file cache, the pattern cache and the kept log
        samples: dict[str, list[float]] = {key: [] for key in commands}
        for round_ in range(args.runs):
            # Another commit before each round, as each commit's hook run follows one: the log
            # kept by the last run is read on from its tip (pmkit.logcache), one commit.
            other.write_text(other.read_text(encoding="utf-8") + f"# round {round_}\n", encoding="utf-8")
            subprocess.run(["git", "commit", "-q", "--no-verify", "-m", f"round {round_}", "--", str(other)],
                           cwd=work, check=True)
            if args.edit:
                changed.write_text(with_sentence(original, round_), encoding="utf-8")
                subprocess.run(["git", "add", str(changed)], cwd=work, check=True)
            for key, command in commands.items():
                samples[key].append(timed(command, cwd=work))
    graph = ", commit-graph with changed-path Bloom filters" if args.commit_graph else ""
    graph += ", the hook's file edited before each round" if args.edit else ""
    settings = ", [tool.pmkit] settings" if args.settings else ""
    print(f"{args.files} files, {args.commits} commits{settings}{graph}, {args.runs} runs each, alternating")
    print_medians(samples, "check-jsonschema (one file)")
    return 0


#: Makes this run's summaries differ from an earlier run's: a run that repeated them found the
#: scores and findings the earlier one kept.
RUN = time.time_ns() % 1_000_000


def with_sentence(text: str, round_: int) -> str:
    """``text`` with a sentence of its own at the start of its summary (a block or a one-line
    value): a new text in every round and every run, as an author's edit gives."""
    sentence = f"Round {round_} of run {RUN}: the cache was rebuilt after {round_ % 50 + 3} minutes."
    lines = text.split("\n")
    for at, line in enumerate(lines):
        if line.startswith("summary:"):
            value = line[len("summary:"):].strip()
            if value in ("|", ">", "|-", ">-") and at + 1 < len(lines):
                indent = lines[at + 1][:len(lines[at + 1]) - len(lines[at + 1].lstrip())] or "  "
                lines.insert(at + 1, indent + sentence)
            else:
                lines[at] = f"summary: {sentence} {value}"
            return "\n".join(lines)
    raise SystemExit("the hook's file has no summary to edit")


if __name__ == "__main__":
    raise SystemExit(main())
