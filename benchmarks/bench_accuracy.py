"""Accuracy of trustcheck's verdicts against labelled reports (run by hand, not by pytest).

    python benchmarks/bench_accuracy.py [LABELS_DIR[=DOCUMENTS_DIR] ...]

Prints accuracy, quadratic-weighted kappa, macro-F1, the confusion matrix, where the labelled
evidence is among trustcheck's quotes, results by document type and element, and every
disagreement, for each labels folder; then one line per folder side by side. By default: both label
sets of the bundled corpus and of the held-out set, the fictional data releases of
``fixtures/releases``, the fictional reports shaped like published ones in
``fixtures/published/labels``, and the labels of the real published documents in
``fixtures/real/labels``, run against the documents in ``../shared/corpus/real`` (kept outside the
repository: their text is not ours) when that folder exists.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from trustcheck.benchmark import BenchmarkResult, format_report, run_benchmark

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REAL_DOCUMENTS = ROOT.parent / "shared" / "corpus" / "real"


def default_sets() -> list[tuple[Path, Path | None]]:
    sets: list[tuple[Path, Path | None]] = [
        (FIXTURES / corpus / labels, None)
        for corpus in ("corpus", "holdout")
        for labels in ("labels", "labels-independent")
    ]
    sets.append((FIXTURES / "releases" / "labels", None))
    sets.append((FIXTURES / "published" / "labels", None))
    real = FIXTURES / "real"
    if REAL_DOCUMENTS.is_dir():
        sets += [(folder, REAL_DOCUMENTS) for folder in sorted(real.glob("labels*"))]
    else:
        print(f"(no {REAL_DOCUMENTS}: the real documents are not measured)")
    return sets


def parse(argument: str) -> tuple[Path, Path | None]:
    labels, _, documents = argument.partition("=")
    return Path(labels), Path(documents) if documents else None


def summary_line(name: str, result: BenchmarkResult) -> str:
    reports = len({c.report for c in result.comparisons})
    return (
        f"{name:<34} {reports:>3} docs  accuracy {result.accuracy:.3f}  kappa {result.kappa:.3f}"
        f"  first quote {result.evidence_rank_share(1):.3f}"
        f"  first three {result.evidence_rank_share(3):.3f}"
    )


def main(argv: list[str]) -> int:
    sets = [parse(a) for a in argv] or default_sets()
    summary = []
    for labels, documents in sets:
        started = time.perf_counter()
        result = run_benchmark(labels, documents=documents)
        elapsed = time.perf_counter() - started
        print(f"== {labels} ({elapsed:.1f} s)")
        print(format_report(result))
        name = labels.relative_to(FIXTURES) if labels.is_relative_to(FIXTURES) else labels
        summary.append(summary_line(str(name), result))
    print("== side by side")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
