"""Regenerate the output samples in docs/samples/ from a bundled corpus report.

Run from the repository root: ``python docs/generate_samples.py``. The samples show every format
of ``trustcheck --format`` for the same report, plus ``--explain``, exactly as the CLI writes
them; docs/output-formats.md links to them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from trustcheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORT = "fixtures/corpus/reports/kestrel-2024-csam-transparency.pdf"
SUFFIX = {"table": "txt", "json": "json", "markdown": "md", "html": "html", "csv": "csv"}
SUFFIX["sarif"] = "sarif"


def _run(*args: str) -> None:
    try:
        code = main([*args])
    except SystemExit as exit_info:
        code = exit_info.code
    if code not in (0, None):
        raise SystemExit(f"trustcheck {' '.join(args)} exited {code}")


def generate(out_dir: Path) -> list[Path]:
    """Write one sample per format (and an --explain sample) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt, suffix in SUFFIX.items():
        target = out_dir / f"kestrel.{suffix}"
        _run(REPORT, "--format", fmt, "-o", str(target))
        written.append(target)
    explain = out_dir / "kestrel-explain-PS1.txt"
    _run(REPORT, "--explain", "PS1", "-o", str(explain))
    written.append(explain)
    return written


if __name__ == "__main__":
    os.chdir(ROOT)  # the samples name the report by its path relative to the repository
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "samples"
    for path in generate(target):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
