"""Fuzz target for the loader and the whole check of one document.

With atheris installed (``pip install atheris``), this is a coverage-guided fuzzer (libFuzzer's
options apply; a crashing input is saved as ``crash-*`` in the current folder):

    python bench/fuzz_loader.py -atheris_runs=100000 [CORPUS_DIR]

Without it, it falls back to a bounded random mutation loop over the examples (no extra
package needed), so it can run anywhere:

    python bench/fuzz_loader.py --iterations 20000 [--seed 1]

Either way, any exception, a finding outside the file, or an exit code other than 0/1/2
is a crash and is reported with the input that caused it.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_BREAK = re.compile(r"\r\n|\r|\n")


def check_one(data: bytes) -> None:
    """Load and check ``data`` as a YAML and as a Markdown postmortem; raise on a defect."""
    from pmkit.engine import Checker
    from pmkit.loader import parse_bytes

    for markdown, name in ((False, "fuzz.yaml"), (True, "fuzz.md")):
        doc = parse_bytes(data, name, markdown=markdown)
        diagnostics = Checker(now="2026-01-01T00:00:00Z").check_document(doc)
        # An undecodable file has no text; its positions refer to the raw bytes.
        lines = _BREAK.split(doc.text or data.decode("utf-8", "replace"))
        for diag in diagnostics:
            if diag.code == "PM903":
                raise AssertionError(f"internal error: {diag.message}")
            if not (1 <= diag.line <= len(lines) + 1 and diag.col >= 1):
                raise AssertionError(f"position outside the file: {diag}")


def seeds() -> list[bytes]:
    return [p.read_bytes() for p in sorted((ROOT / "examples" / "postmortems").iterdir()) if p.is_file()]


def mutate(data: bytes, rng: random.Random) -> bytes:
    tokens = [b"\n", b": ", b"- ", b"'", b'"', b"[", b"]", b"{", b"}", b"&a ", b"*a", b"\t", b"#",
              b"|", b">", b"\x00", b"\xff", b"\r", b"2018-13-45T99:99Z", b"null", b"<<: *a",
              b"---\n", b"\xc3\xbc", b"!!binary ", b"? ", b"%YAML 1.1\n"]
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        where = rng.randrange(len(out) + 1)
        choice = rng.random()
        if choice < 0.4:
            out[where:where] = rng.choice(tokens)
        elif choice < 0.7 and out:
            del out[where:where + rng.randint(1, 40)]
        elif out:
            start = rng.randrange(len(out))
            out[where:where] = out[start:start + rng.randint(1, 80)]
    return bytes(out)


def fallback(iterations: int, seed: int) -> int:
    rng = random.Random(seed)
    corpus = seeds()
    for number in range(iterations):
        data = mutate(rng.choice(corpus), rng)
        try:
            check_one(data)
        except Exception as exc:
            crash = ROOT / "bench" / "out" / f"crash-{seed}-{number}.bin"
            crash.parent.mkdir(parents=True, exist_ok=True)
            crash.write_bytes(data)
            print(f"crash after {number} inputs: {exc!r}; input saved to {crash}")
            return 1
    print(f"{iterations} mutated inputs, no crash")
    return 0


def main() -> int:
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        import argparse

        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--iterations", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)
        args = parser.parse_args()
        return fallback(args.iterations, args.seed)
    # Coverage guides the fuzzer only through code atheris has instrumented. pmkit imports
    # most of its rules' modules on first use, so one check of each example first loads them
    # all; then every Python function loaded so far is instrumented.
    for data in seeds():
        check_one(data)
    atheris.instrument_all()
    atheris.Setup(sys.argv, check_one)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
