"""End-to-end speed and peak memory of ``trustcheck FILE --format json`` against the floor.

    python benchmarks/bench_end_to_end.py [REPORT.pdf] [--pages 120] [--runs 5]

Without a file it generates a 120+ page report from the corpus's prose (``reports.py``; needs
reportlab, the ``test`` extra). The floor is the fastest permissive extraction of the same file:
PDFium's ``get_text_bounded()`` on every page, which gives the raw text and nothing else.

Both sides are measured twice, the same way each time:
- *fresh process*: the wall time of a new Python process that does the whole job, interpreter
  start and imports included (``trustcheck FILE --format json`` is a new process each time);
- *in process*: inside such a process, the time of the work alone (PDFium's extraction; reading,
  assessing and rendering the JSON), after the modules are imported.

Wall and CPU time (user + system) are both printed: on a shared machine CPU time is the steadier
figure. Pages/s are per CPU second.

Peak memory is the child's max RSS (``RUSAGE_CHILDREN`` of a wrapper process). Medians of
``--runs`` runs; run by hand, not by pytest. Targets from the issue: end to end at most
1.5x the floor, peak memory under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_RATIO = 1.5
TARGET_MB = 500

FLOOR = """
import sys, time
import pypdfium2 as pdfium
started, cpu = time.perf_counter(), time.process_time()
pdf = pdfium.PdfDocument(sys.argv[1])
chars = 0
for index in range(len(pdf)):
    page = pdf[index]
    textpage = page.get_textpage()
    chars += len(textpage.get_text_bounded())
    textpage.close()
    page.close()
pdf.close()
print(time.perf_counter() - started, time.process_time() - cpu)
"""

OURS_IN_PROCESS = """
import sys, time
from trustcheck import assess, render_assessments
from trustcheck.render import OutputFormat
started, cpu = time.perf_counter(), time.process_time()
out = render_assessments([assess(sys.argv[1])], OutputFormat.JSON)
print(time.perf_counter() - started, time.process_time() - cpu)
"""


def run_child(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS in MB and stdout of one child process.

    The command runs under a small wrapper process whose only child it is, so the wrapper's
    ``RUSAGE_CHILDREN`` max RSS is that command's own peak.
    """
    wrapped = [sys.executable, __file__, "--wrap", json.dumps(command)]
    result = subprocess.run(wrapped, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{command} failed ({result.returncode}):\n{result.stderr}")
    report = json.loads(result.stdout)
    return report["seconds"], report["cpu"], report["peak_mb"], report["stdout"]


def _wrap(command: list[str]) -> None:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(result.returncode)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "stdout": result.stdout,
    }
    print(json.dumps(report))


def trustcheck_command() -> list[str]:
    script = Path(sys.executable).with_name("trustcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "trustcheck.cli"]


def measure(runs: int, path: str) -> dict[str, dict[str, float]]:
    commands = {
        "floor": [sys.executable, "-c", FLOOR, path],
        "trustcheck": [*trustcheck_command(), path, "--format", "json"],
        "trustcheck-in-process": [sys.executable, "-c", OURS_IN_PROCESS, path],
    }
    samples: dict[str, list[tuple[float, float, float, str]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():  # interleaved, so drift hits all alike
            samples[name].append(run_child(command))
    results: dict[str, dict[str, float]] = {}
    for name, runs_of in samples.items():
        results[name] = {
            "wall": statistics.median(s[0] for s in runs_of),
            "cpu": statistics.median(s[1] for s in runs_of),
            "peak_mb": max(s[2] for s in runs_of),
        }
        if name != "trustcheck":
            inner = [s[3].split()[-2:] for s in runs_of]
            results[name]["inner"] = statistics.median(float(wall) for wall, _ in inner)
            results[name]["inner_cpu"] = statistics.median(float(cpu) for _, cpu in inner)
    json.loads(samples["trustcheck"][0][3])  # the CLI really printed the JSON assessment
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", help="a PDF to measure (default: generate one)")
    parser.add_argument("--pages", type=int, default=120, help="length of the generated report")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--wrap", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.wrap:
        _wrap(json.loads(args.wrap))
        return
    if args.pdf:
        path = Path(args.pdf)
    else:
        from reports import long_report

        path = long_report(args.pages)
    from reports import page_count

    pages = page_count(path)
    r = measure(args.runs, str(path))
    floor, ours, inner = r["floor"], r["trustcheck"], r["trustcheck-in-process"]
    print(f"file: {path} ({pages} pages), median of {args.runs} runs")
    print("\nfresh process (interpreter start and imports included)      wall       CPU")
    _row("floor: pypdfium2 get_text_bounded", floor["wall"], floor["cpu"])
    _row("trustcheck FILE --format json", ours["wall"], ours["cpu"])
    ratio = ours["wall"] / floor["wall"]
    print(
        f"  ratio {ratio:.1f}x wall, {ours['cpu'] / floor['cpu']:.1f}x CPU "
        f"(target <= {TARGET_RATIO}x: {_verdict(ratio <= TARGET_RATIO)})"
    )
    print("\nin process (the work alone, after imports)                  wall       CPU")
    _row("floor: pypdfium2 get_text_bounded", floor["inner"], floor["inner_cpu"], pages)
    _row("assess + render JSON", inner["inner"], inner["inner_cpu"], pages)
    in_ratio = inner["inner"] / floor["inner"]
    print(
        f"  ratio {in_ratio:.1f}x wall, {inner['inner_cpu'] / floor['inner_cpu']:.1f}x CPU "
        f"(target <= {TARGET_RATIO}x: {_verdict(in_ratio <= TARGET_RATIO)})"
    )
    print("\npeak memory (max RSS of the process)")
    print(f"  {'floor':<52}{floor['peak_mb']:6.0f} MB")
    print(
        f"  {'trustcheck FILE --format json':<52}{ours['peak_mb']:6.0f} MB"
        f"  (target < {TARGET_MB} MB: {_verdict(ours['peak_mb'] < TARGET_MB)})"
    )


def _row(label: str, wall: float, cpu: float | None, pages: int | None = None) -> None:
    line = f"  {label:<52}{wall:6.2f} s"
    if cpu is not None:
        line += f"  {cpu:6.2f} s"
    if pages is not None:
        line += f"  ({pages / (cpu or wall):.0f} pages/s)"
    print(line)


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


if __name__ == "__main__":
    main()
