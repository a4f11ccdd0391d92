"""Calibration of the verdict confidence: accuracy by confidence band on labelled reports.

    python benchmarks/bench_confidence.py [LABELS_DIR ...]

For each labels folder (default: the labelled corpus and the held-out set), every report is
assessed as ``trustcheck benchmark`` does (:func:`trustcheck.benchmark.load_labels`), each
element verdict gets its :func:`~trustcheck.assessment.confidence.verdict_confidence`, and the
share of verdicts that match the label is printed per band and per confidence value. A
calibrated confidence has higher accuracy in higher bands.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from trustcheck.assessment import assess
from trustcheck.assessment.confidence import BANDS, verdict_confidence
from trustcheck.benchmark import load_labels
from trustcheck.framework.loader import load_framework

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def calibration(folder: Path) -> tuple[Counter[str], Counter[str], Counter[float], Counter[float]]:
    """Verdicts and correct verdicts per band and per confidence value."""
    seen: Counter[str] = Counter()
    right: Counter[str] = Counter()
    seen_value: Counter[float] = Counter()
    right_value: Counter[float] = Counter()
    for path, label in load_labels(folder):
        framework = load_framework(label.framework)
        assessment = assess((path.parent.parent / label.report).resolve(), framework)
        for element in assessment.elements:
            if element.id not in label.elements:
                continue
            confidence = verdict_confidence(element, framework)
            correct = label.elements[element.id].level == element.level
            seen[confidence.band] += 1
            right[confidence.band] += correct
            seen_value[confidence.value] += 1
            right_value[confidence.value] += correct
    return seen, right, seen_value, right_value


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [FIXTURES / c / "labels" for c in ("corpus", "holdout")]
    total: Counter[str] = Counter()
    total_right: Counter[str] = Counter()
    for folder in folders:
        seen, right, seen_value, right_value = calibration(folder)
        total.update(seen)
        total_right.update(right)
        root = FIXTURES.parent
        print(f"== {folder.relative_to(root) if folder.is_relative_to(root) else folder}")
        _table(seen, right)
        print(
            "   by value: "
            + ", ".join(f"{v:.2f} {right_value[v]}/{seen_value[v]}" for v in sorted(seen_value))
        )
    if len(folders) > 1:
        print("== all")
        _table(total, total_right)
    return 0


def _table(seen: Counter[str], right: Counter[str]) -> None:
    print("   band     verdicts  correct  accuracy")
    for band in BANDS:
        if seen[band]:
            print(f"   {band:<8} {seen[band]:>8} {right[band]:>8}  {right[band] / seen[band]:.3f}")
    count = sum(seen.values())
    print(f"   {'all':<8} {count:>8} {sum(right.values()):>8}  {sum(right.values()) / count:.3f}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
