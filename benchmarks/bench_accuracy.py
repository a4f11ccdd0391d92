"""Accuracy of trustcheck's verdicts against labelled reports (run by hand, not by pytest).

    python benchmarks/bench_accuracy.py [LABELS_DIR ...]

Prints accuracy, quadratic-weighted kappa, macro-F1, the confusion matrix, the share of verdicts
whose evidence contains the labelled quote, results by document type and element, and every
disagreement, for each labels folder (default: both label sets of the bundled corpus).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from trustcheck.benchmark import format_report, run_benchmark

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [CORPUS / "labels", CORPUS / "labels-independent"]
    for folder in folders:
        started = time.perf_counter()
        result = run_benchmark(folder)
        elapsed = time.perf_counter() - started
        print(f"== {folder} ({elapsed:.1f} s)")
        print(format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
