"""Open the summary workbook in a second reader, LibreOffice headless, and check nothing is lost.

The tests re-open ``summary.xlsx`` with openpyxl, the library that wrote it; a workbook another
spreadsheet program must repair would still pass them. This script converts the workbook with
LibreOffice (``soffice --headless --convert-to``) to a fresh XLSX and to one CSV per sheet, and
checks that LibreOffice read every sheet, every cell value and no formula: a repaired or
partly read workbook shows up as a missing sheet, a changed cell, or a conversion error.

LibreOffice is large, so it is not installed by ``.ci/run``; install it where you check
(``apt-get install libreoffice-calc``) and run::

    python benchmarks/xlsx_second_reader.py figures/2025/summary.xlsx

Exit 0 when LibreOffice reads the workbook as written, 1 when it differs, 2 when LibreOffice
is missing or the conversion fails.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def check(workbook: Path) -> list[str]:
    """What LibreOffice read differently from openpyxl; empty when they agree."""
    from openpyxl import load_workbook

    soffice = _soffice()
    if soffice is None:
        raise SystemExit("LibreOffice is not installed (apt-get install libreoffice-calc)")
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(workbook),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        converted = out / workbook.name
        if done.returncode != 0 or not converted.is_file():
            raise SystemExit(f"LibreOffice could not open {workbook}: {done.stderr.strip()}")
        original = load_workbook(workbook, read_only=True)
        reread = load_workbook(converted, read_only=True)
        if original.sheetnames != reread.sheetnames:
            problems.append(f"sheets: {original.sheetnames} != {reread.sheetnames}")
        for name in original.sheetnames:
            if name not in reread.sheetnames:
                continue
            first = [list(r) for r in original[name].iter_rows(values_only=True)]
            second = [list(r) for r in reread[name].iter_rows(values_only=True)]
            for row_number, (a, b) in enumerate(zip(first, second, strict=False), start=1):
                a_cells = ["" if v is None else v for v in a]
                b_cells = ["" if v is None else v for v in b]
                width = max(len(a_cells), len(b_cells))
                a_cells += [""] * (width - len(a_cells))
                b_cells += [""] * (width - len(b_cells))
                for column, (x, y) in enumerate(zip(a_cells, b_cells, strict=True), start=1):
                    same = x == y or _same_boolean(x, y)
                    if not same:
                        problems.append(f"{name}!R{row_number}C{column}: {x!r} read as {y!r}")
            if len(first) != len(second):
                problems.append(f"{name}: {len(first)} rows read as {len(second)}")
        original.close()
        reread.close()
    return problems


def _same_boolean(written: object, read: object) -> bool:
    """LibreOffice saves a boolean cell as the formula ``=TRUE()`` or ``=FALSE()``: the same
    value in its own spelling, not a formula of ours."""
    return isinstance(written, bool) and read == f"={str(written).upper()}()"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    workbook = Path(argv[0])
    try:
        problems = check(workbook)
    except SystemExit as stop:
        print(stop, file=sys.stderr)
        return 2
    for problem in problems[:50]:
        print(problem)
    if problems:
        print(f"{workbook}: LibreOffice read {len(problems)} cell(s) differently", file=sys.stderr)
        return 1
    print(f"{workbook}: LibreOffice read every sheet and cell as written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
