"""Time ``trustcheck audit`` on 45 generated reports, cold and then cached (run by hand).

    python benchmarks/bench_audit.py [FOLDER] [--reports 45] [--jobs 2] [--runs 3] [--real-sized]

Without a folder it generates ``--reports`` distinct PDF reports from the corpus's prose
(``reports.py``, needs reportlab): of 6 to 36 pages, or with ``--real-sized`` of 40 to 150
pages, as long as published transparency and risk reports run (about 4,300 pages for 45).
Each run audits the folder into a new audit folder (cold: every report read and assessed,
``--jobs`` at a time), then runs the same command again (cached: every assessment comes from
the audit's cache). Both are wall times of the whole command in a fresh process, as an analyst
would run it. Targets: under 60 s cold and under 3 s cached, on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_COLD = 60.0
TARGET_CACHED = 3.0


def trustcheck_command() -> list[str]:
    script = Path(sys.executable).with_name("trustcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "trustcheck.cli"]


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (the command and its workers) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", help="a folder of reports (default: generate)")
    parser.add_argument("--reports", type=int, default=45)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--real-sized", action="store_true", help="reports of 40-150 pages (default: 6-36)"
    )
    args = parser.parse_args()
    if args.folder:
        folder = Path(args.folder)
    elif args.real_sized:
        from reports import real_sized_reports

        folder = real_sized_reports(args.reports)
    else:
        from reports import audit_reports

        folder = audit_reports(args.reports)
    from reports import page_count

    files = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    pages = sum(page_count(p) for p in files if p.suffix == ".pdf")
    cold: list[tuple[float, float]] = []
    cached: list[tuple[float, float]] = []
    run_report: dict[str, object] = {}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "audit"
            command = [*trustcheck_command(), "audit", str(folder), "-o", str(out)]
            command += ["-j", str(args.jobs)]
            cold.append(timed(command))
            cached.append(timed(command))
            run_report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    cold_wall = statistics.median(w for w, _ in cold)
    cached_wall = statistics.median(w for w, _ in cached)
    print(f"folder: {folder} ({len(files)} reports, {pages} PDF pages)")
    print(f"jobs: {args.jobs}, median of {args.runs} runs (wall time of the whole command)")
    print(
        f"  cold:   {cold_wall:6.2f} s  (CPU {statistics.median(c for _, c in cold):6.2f} s; "
        f"{pages / cold_wall:.0f} pages/s)  target < {TARGET_COLD:.0f} s: "
        f"{'met' if cold_wall < TARGET_COLD else 'MISSED'}"
    )
    print(
        f"  cached: {cached_wall:6.2f} s  (CPU {statistics.median(c for _, c in cached):6.2f} s)"
        f"  target < {TARGET_CACHED:.0f} s: {'met' if cached_wall < TARGET_CACHED else 'MISSED'}"
    )
    print(f"  last cached run.json: {json.dumps(run_report, sort_keys=True)[:300]}")


if __name__ == "__main__":
    main()
