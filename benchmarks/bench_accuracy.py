"""Accuracy of trustcheck's verdicts against labelled reports (run by hand, not by pytest).

    python benchmarks/bench_accuracy.py [LABELS_DIR ...]

Prints accuracy, quadratic-weighted kappa, macro-F1, the confusion matrix, the share of verdicts
whose evidence contains the labelled quote, results by document type and element, and every
disagreement, for each labels folder (default: both label sets of the bundled corpus and of the
held-out set).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from trustcheck.benchmark import format_report, run_benchmark

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [
        FIXTURES / corpus / labels
        for corpus in ("corpus", "holdout")
        for labels in ("labels", "labels-independent")
    ]
    for folder in folders:
        started = time.perf_counter()
        result = run_benchmark(folder)
        elapsed = time.perf_counter() - started
        print(f"== {folder} ({elapsed:.1f} s)")
        print(format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
