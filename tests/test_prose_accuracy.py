"""Precision and recall of the blameless checks on the labelled set (regressions fail here).

The figures are measured the way users meet them: through ``pmkit.prose.scan`` and through
the Checker on generated postmortems (bench/prose_accuracy.py prints the full tables).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pmkit.prose import CATEGORIES

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "blameless_labelled.jsonl"
sys.path.insert(0, str(ROOT / "bench"))

import prose_accuracy as bench  # noqa: E402

ROWS = bench.load(DATA)
PRECISION, RECALL = 0.95, 0.90


def test_the_set_is_large_balanced_and_well_formed() -> None:
    assert len(ROWS) >= 300
    for row in ROWS:
        assert set(row) == {"text", "lang", "label", "note"}
        assert row["lang"] in ("en", "de")
        assert row["label"] is None or row["label"] in CATEGORIES
    negatives = sum(row["label"] is None for row in ROWS)
    assert negatives >= len(ROWS) / 3, "at least a third must be hard negatives"
    for lang in ("en", "de"):
        assert sum(row["lang"] == lang for row in ROWS) >= 100
    texts = [row["text"] for row in ROWS]
    assert len(texts) == len(set(texts)), "duplicate sentences"


@pytest.fixture(scope="module")
def scan_predictions() -> list[set[str]]:
    return bench.predict_scan(ROWS)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_scan_precision_and_recall(scan_predictions: list[set[str]], lang: str) -> None:
    m = bench.detection(ROWS, scan_predictions, lang)
    assert m["precision"] >= PRECISION, m
    assert m["recall"] >= RECALL, m


def test_check_agrees_with_scan_and_places_every_finding(scan_predictions: list[set[str]]) -> None:
    check_predictions, misplaced = bench.predict_check(ROWS)
    assert misplaced == 0
    assert check_predictions == scan_predictions
    for lang in ("en", "de"):
        m = bench.detection(ROWS, check_predictions, lang)
        assert m["precision"] >= PRECISION and m["recall"] >= RECALL, (lang, m)


def test_every_category_is_recalled(scan_predictions: list[set[str]]) -> None:
    table = bench.per_category(ROWS, scan_predictions)
    for category, figures in table.items():
        if figures["labelled"]:
            assert figures["recall"] >= 0.85, (category, figures)
            assert figures["precision"] >= PRECISION, (category, figures)
