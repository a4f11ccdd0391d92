"""Throughput of ``trustcheck FILE.txt --format json`` on large texts, and huge texts' outcomes.

    python benchmarks/bench_text.py [--sizes 0.5,1,2,4,25] [--markdown] [--real] [--runs 1]

Texts of each size (MB) are generated from the corpus's prose (``texts.py``) into a temporary
folder, as plain text (or Markdown with ``--markdown``; ``--real`` repeats the published
Markdown reports kept beside the repository instead, for measuring only). Each is measured:

- the floor: a fresh Python process that reads the file, decodes it and splits it into lines;
- reading: ``read_document`` alone, in a fresh process (interpreter start included);
- end to end: ``trustcheck FILE --format json`` (a worker reads and assesses the file).

MB/s is the file's size over the wall time. Then the huge inputs of
``fixtures/bad/make_slow.py`` (a million lines, one 31 MB line, a 600,000-row text table) are
given to ``trustcheck FILE --format json`` and their outcome and time printed: each must end
within seconds, in a result or its own error, never the time limit's. Run by hand, not by
pytest. Target from the issue: at least 2 MB/s end to end.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB_S = 2.0
_MB = 1024 * 1024

FLOOR = """
import sys
data = open(sys.argv[1], "rb").read()
lines = data.decode("utf-8").split("\\n")
print(len(lines))
"""

READING = """
import sys
from trustcheck import read_document
print(len(read_document(sys.argv[1]).passages))
"""


def trustcheck_command() -> list[str]:
    script = Path(sys.executable).with_name("trustcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "trustcheck.cli"]


def timed(command: list[str]) -> tuple[float, float, int, str]:
    """Wall and CPU seconds, exit code and last stderr line of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    return wall, cpu, result.returncode, last


def median_run(command: list[str], runs: int) -> tuple[float, float, int, str]:
    results = [timed(command) for _ in range(runs)]
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    return wall, cpu, results[-1][2], results[-1][3]


def _figures(mb: float, run: tuple[float, float, int, str]) -> str:
    """Wall time (CPU time) and MB/s of each."""
    wall, cpu = run[0], max(run[1], 1e-6)
    return f"{wall:6.2f} s ({cpu:6.2f}) {mb / wall:6.2f} ({mb / cpu:6.2f})"


def make_slow() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_slow", ROOT / "fixtures" / "bad" / "make_slow.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.5,1,2,4,25", help="sizes in MB, comma-separated")
    parser.add_argument("--markdown", action="store_true", help="Markdown instead of text")
    parser.add_argument("--real", action="store_true", help="the published Markdown reports")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-huge", action="store_true", help="skip the huge inputs")
    args = parser.parse_args()
    from texts import generated_text, real_markdown

    suffix = ".md" if args.markdown or args.real else ".txt"
    kind = "published Markdown" if args.real else "Markdown" if args.markdown else "plain text"
    print(f"{kind}, median of {args.runs} run(s); wall time (CPU time), MB/s of each")
    print(
        f"{'size':>8}  {'floor':>22}  {'reading':>28}  {'end to end':>28}  "
        f"target >= {TARGET_MB_S:g} MB/s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in (float(s) for s in args.sizes.split(",")):
            if args.real:
                data = real_markdown(int(size * _MB), ROOT.parent / "shared" / "corpus" / "real")
                if data is None:
                    raise SystemExit("no published Markdown reports in ../shared/corpus/real")
            else:
                data = generated_text(int(size * _MB), markdown=args.markdown)
            path = Path(tmp) / f"text-{size:g}MB{suffix}"
            path.write_bytes(data)
            mb = len(data) / _MB
            floor = median_run([sys.executable, "-c", FLOOR, str(path)], args.runs)
            reading = median_run([sys.executable, "-c", READING, str(path)], args.runs)
            ours = median_run([*trustcheck_command(), str(path), "--format", "json"], args.runs)
            verdict = "met" if ours[2] == 0 and mb / ours[0] >= TARGET_MB_S else "MISSED"
            outcome = "" if ours[2] == 0 else f"  exit {ours[2]}: {ours[3][:90]}"
            print(
                f"{mb:6.1f} MB  {_figures(mb, floor)}  {_figures(mb, reading)}  "
                f"{_figures(mb, ours)}  {verdict}{outcome}"
            )
        if args.no_huge:
            return
        print("\nhuge inputs (fixtures/bad/make_slow.py): trustcheck FILE --format json")
        slow = make_slow()
        cases = {
            "million_lines.txt": slow.million_lines,
            "one_long_line.txt": slow.one_long_line,
            "long_text_table.txt": slow.long_text_table,
        }
        for name, build in cases.items():
            path = Path(tmp) / name
            path.write_bytes(build())
            wall, cpu, code, last = timed([*trustcheck_command(), str(path), "--format", "json"])
            size = path.stat().st_size / _MB
            outcome = "result" if code == 0 else last.replace(str(path), name)
            print(f"  {name:20} {size:5.1f} MB  {wall:6.2f} s (CPU {cpu:5.2f} s)  {outcome}")


if __name__ == "__main__":
    main()
