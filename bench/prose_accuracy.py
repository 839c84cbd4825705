"""Precision and recall of pmkit's blameless-phrasing checks on the labelled sentence set.

    PYTHONPATH=src python bench/prose_accuracy.py [--data tests/data/blameless_labelled.jsonl]
                                                  [--alex PATH/TO/alex] [--no-compare] [--show-errors]

Each sentence of the set has a label: a PM3xx category, or null for a sentence that must
pass. The script measures three ways:

1. ``pmkit.prose.scan(text, lang)`` on each sentence;
2. ``pmkit check`` (the real Checker, rules PM3) on generated postmortems (one per language)
   that hold every sentence as a contributing factor, cycling through the YAML scalar styles
   double-quoted, single-quoted, literal ``|`` and folded ``>`` (both wrapped over two lines);
   every finding must
   land on the line of its sentence, so this also proves positions and plumbing;
3. for comparison, proselint (any finding counts) and, if available, alex.

A sentence counts as flagged when at least one finding lands on it. "Detection" figures treat
any PM3xx category as a hit; the per-category table shows, for each labelled category, how
many of its sentences were flagged (recall) and how many flagged sentences carry exactly the
labelled category (agreement).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "blameless_labelled.jsonl"


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- predictors ------------------------------------------------------------------------------


def predict_scan(rows: list[dict[str, Any]]) -> list[set[str]]:
    from pmkit.prose import scan

    return [{f.category for f in scan(row["text"], row["lang"])} for row in rows]


def _scalar(text: str, style: int, indent: str) -> tuple[str, int]:
    """``text`` as a YAML scalar after ``description: `` in one of four styles; (yaml, lines).
    A line break in a sentence (a word hyphenated across lines) stays one, its next line
    indented as the block's (a quoted scalar folds it to a space, as a folded block does)."""
    if style == 0:
        return json.dumps(text, ensure_ascii=False), 1  # JSON strings are YAML double-quoted
    if style == 1:
        quoted = "'" + text.replace("'", "''") + "'"
        return quoted.replace("\n", f"\n{indent}  "), 1 + text.count("\n")
    if "\n" in text:
        return f"{'|' if style == 2 else '>'}\n{indent}  " + text.replace("\n", f"\n{indent}  "), \
            2 + text.count("\n")
    words = text.split(" ")
    half = max(1, len(words) // 2)
    first, second = " ".join(words[:half]), " ".join(words[half:])
    header = "|" if style == 2 else ">"  # literal keeps the line break, folded makes it a space
    if not second:
        return f"{header}\n{indent}  {first}", 2
    return f"{header}\n{indent}  {first}\n{indent}  {second}", 3


def build_postmortem(rows: list[tuple[int, dict[str, Any]]], lang: str) -> tuple[str, dict[int, int]]:
    """A postmortem with every sentence as a contributing factor; line → row index."""
    lines = [
        "pmkit: 1", f"id: bench-{lang}", "title: Benchmark of blameless phrasing", "status: draft",
        f"lang: {lang}", "severity: SEV3", "owner: incident coordinator",
        "summary: Generated benchmark document.", "contributing_factors:",
    ]
    where: dict[int, int] = {}
    for n, (index, row) in enumerate(rows):
        body, count = _scalar(row["text"], n % 4, "    ")
        start = len(lines) + 1
        lines.append(f"  - id: CF{n + 1}")
        lines.extend(f"    description: {body}".split("\n"))
        for line in range(start, start + 1 + count):
            where[line] = index
    return "\n".join(lines) + "\n", where


def predict_check(rows: list[dict[str, Any]]) -> tuple[list[set[str]], int]:
    """Categories per sentence through the Checker; also the number of findings off their line."""
    from pmkit.config import parse_config
    from pmkit.engine import Checker
    from pmkit.prose import CATEGORIES

    by_code = {code: category for category, (code, _) in CATEGORIES.items()}
    out: list[set[str]] = [set() for _ in rows]
    misplaced = 0
    for lang in ("en", "de"):
        subset = [(i, row) for i, row in enumerate(rows) if row["lang"] == lang]
        text, where = build_postmortem(subset, lang)
        config = parse_config({"select": ["PM3"]})
        for diag in Checker(config, now="2026-11-25T12:00:00Z").check_text(text, f"bench-{lang}.yaml"):
            index = where.get(diag.line)
            if index is None or diag.code not in by_code:
                misplaced += 1
                continue
            out[index].add(by_code[diag.code])
    return out, misplaced


def predict_proselint(rows: list[dict[str, Any]]) -> list[set[str]] | None:
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)
    return [{r.check_result.check_path for r in LintFile("<bench>", row["text"]).lint()}
            if hasattr(LintFile, "lint") else set() for row in rows]


def predict_alex(rows: list[dict[str, Any]], binary: str | None) -> list[set[str]] | None:
    exe = binary or shutil.which("alex")
    if not exe:
        return None
    text = "\n\n".join(row["text"].replace("\n", " ") for row in rows) + "\n"
    proc = subprocess.run([exe, "--stdin", "--text"], input=text, capture_output=True, text=True,
                          timeout=300, check=False)
    out: list[set[str]] = [set() for _ in rows]
    for line in (proc.stdout + proc.stderr).splitlines():
        parts = line.strip().split()
        if not parts or ":" not in parts[0] or not parts[0].split(":")[0].isdigit():
            continue
        number = int(parts[0].split(":")[0])
        index = (number - 1) // 2
        if 0 <= index < len(rows):
            out[index].add(parts[-2] if len(parts) > 2 else "alex")
    return out


# --- metrics ---------------------------------------------------------------------------------


def detection(rows: list[dict[str, Any]], preds: list[set[str]], lang: str | None = None) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for row, pred in zip(rows, preds, strict=True):
        if lang and row["lang"] != lang:
            continue
        positive = row["label"] is not None
        if pred and positive:
            tp += 1
        elif pred:
            fp += 1
        elif positive:
            fn += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": precision, "recall": recall}


def per_category(rows: list[dict[str, Any]], preds: list[set[str]]) -> dict[str, dict[str, float]]:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for row, pred in zip(rows, preds, strict=True):
        label = row["label"]
        for category in pred:
            table[category]["predicted"] += 1
            table[category]["predicted_ok"] += int(label is not None)
        if label is None:
            continue
        table[label]["labelled"] += 1
        table[label]["flagged"] += int(bool(pred))
        table[label]["exact"] += int(label in pred)
    out: dict[str, dict[str, float]] = {}
    for category, c in sorted(table.items()):
        out[category] = {
            "labelled": c["labelled"],
            "recall": c["flagged"] / c["labelled"] if c["labelled"] else float("nan"),
            "agreement": c["exact"] / c["flagged"] if c["flagged"] else float("nan"),
            "predicted": c["predicted"],
            "precision": c["predicted_ok"] / c["predicted"] if c["predicted"] else float("nan"),
        }
    return out


def show(title: str, rows: list[dict[str, Any]], preds: list[set[str]], *, categories: bool) -> None:
    print(f"\n== {title}")
    print(f"{'':10} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4}")
    for lang in ("en", "de", None):
        m = detection(rows, preds, lang)
        print(f"{lang or 'all':10} {m['precision']:9.3f} {m['recall']:7.3f} "
              f"{m['tp']:4d} {m['fp']:4d} {m['fn']:4d} {m['tn']:4d}")
    if categories:
        print(f"\n{'category':16} {'labelled':>8} {'recall':>7} {'agree':>6} {'flagged':>8} {'precision':>9}")
        for category, c in per_category(rows, preds).items():
            print(f"{category:16} {int(c['labelled']):8d} {c['recall']:7.3f} {c['agreement']:6.3f} "
                  f"{int(c['predicted']):8d} {c['precision']:9.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--alex", help="path to the alex executable (npm package 'alex')")
    parser.add_argument("--no-compare", action="store_true", help="skip proselint and alex")
    parser.add_argument("--show-errors", action="store_true", help="list misclassified sentences")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))

    rows = load(args.data)
    counts = Counter((r["lang"], r["label"] is None) for r in rows)
    parts = [f"{lang} {counts[(lang, False)]} positive / {counts[(lang, True)]} negative"
             for lang in ("en", "de")]
    print(f"{len(rows)} sentences: " + ", ".join(parts))

    start = time.perf_counter()
    scan_preds = predict_scan(rows)
    elapsed = time.perf_counter() - start
    show(f"pmkit.prose.scan ({elapsed * 1000 / len(rows):.2f} ms per sentence, lexicons included)",
         rows, scan_preds, categories=True)

    check_preds, misplaced = predict_check(rows)
    show(f"pmkit check on generated postmortems ({misplaced} findings off their sentence's line)",
         rows, check_preds, categories=True)
    if check_preds != scan_preds:
        differ = sum(a != b for a, b in zip(check_preds, scan_preds, strict=True))
        print(f"note: {differ} sentences differ between scan() and check()")

    if args.show_errors:
        for row, pred in zip(rows, scan_preds, strict=True):
            if bool(pred) != (row["label"] is not None):
                kind = "FP" if pred else "FN"
                print(f"{kind} [{row['lang']}] {row['label']}: {row['text']}  -> {sorted(pred)}")

    if not args.no_compare:
        prose = predict_proselint(rows)
        if prose is None:
            print("\nproselint is not installed (pip install proselint) - comparison skipped")
        else:
            show("proselint 0.16 (any finding)", rows, prose, categories=False)
            fired = Counter(check for pred in prose for check in pred)
            print("   checks that fired:", ", ".join(f"{k} ({v})" for k, v in fired.most_common(8)))
        alex = predict_alex(rows, args.alex)
        if alex is None:
            print("\nalex is not installed (npm install alex) - comparison skipped")
        else:
            show("alex (any warning)", rows, alex, categories=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
