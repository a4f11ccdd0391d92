"""Published PDFs against the floor: ``trustcheck FILE --format json`` beside PDFium's raw text.

    python benchmarks/bench_real.py [REPORT.pdf ...] [--runs 3]

Without files it measures every PDF of the real corpus beside the repository
(``../shared/corpus/real``, not part of the repository: the reports are not ours to copy). The
generated reports are measured by ``bench_end_to_end.py``; real reports are slower per page
(more runs, tables drawn in forms, running headers), so both are recorded in
``docs/performance.md``.

Each file is read by two fresh processes, interleaved so that a busy machine slows both alike:
the floor (pypdfium2's ``get_text_bounded()`` on every page, the raw text and nothing else) and
``trustcheck FILE --format json``. The figure compared is the CPU time (user + system) of the
whole process, its worker included, interpreter start and imports included; the median of
``--runs`` runs. Wall time is printed beside it. Run by hand, not by pytest.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_end_to_end import FLOOR, run_child, trustcheck_command

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"
TARGET_RATIO = 3.0
"""The target for real reports of 40-150 pages with tables; 1.5x is the goal beyond it."""


def measure(path: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of the floor and of trustcheck on one file."""
    commands = {
        "floor": [sys.executable, "-c", FLOOR, str(path)],
        "trustcheck": [*trustcheck_command(), str(path), "--format", "json"],
    }
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            wall, cpu, _, _ = run_child(command)
            samples[name].append((wall, cpu))
    return {
        name: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s))
        for name, s in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs to measure (default: ../shared)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    paths = args.pdfs or sorted(REAL.glob("*.pdf"))
    if not paths:
        raise SystemExit(f"no PDF given and none in {REAL}")
    from reports import page_count

    print(f"median of {args.runs} runs; CPU time of the whole process (wall time in brackets)")
    print(f"{'file':<44}{'pages':>6}{'trustcheck':>19}{'floor':>17}{'ratio':>8}")
    for path in paths:
        result = measure(path, args.runs)
        (ours_wall, ours_cpu), (floor_wall, floor_cpu) = result["trustcheck"], result["floor"]
        ratio = ours_cpu / floor_cpu
        verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
        print(
            f"{path.name[:43]:<44}{page_count(path):>6}"
            f"{ours_cpu:>8.2f} s ({ours_wall:5.2f}){floor_cpu:>6.2f} s ({floor_wall:5.2f})"
            f"{ratio:>7.1f}x  (target <= {TARGET_RATIO:g}x: {verdict})"
        )


if __name__ == "__main__":
    main()
