"""The summary as files for the staff's spreadsheets: CSV per table, one XLSX, JSON.

Every format reads the same named tables from :func:`summary_tables`, so a figure cannot differ
between the CSV and the workbook. Report text (quotes, member names) goes into cells that a
spreadsheet would otherwise run as a formula, so such cells are neutralised.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from trustcheck.audit.summary import CoalitionSummary
from trustcheck.errors import AuditError
from trustcheck.fsutil import write_atomic
from trustcheck.neutral import neutralise

Table = tuple[list[str], list[list[Any]]]
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def summary_tables(summary: CoalitionSummary) -> dict[str, Table]:
    """The summary as named tables of header and rows, in publishing order."""
    levels = summary.levels
    return {
        "alignment": (
            ["level", "members", "machine_members"],
            [
                [lv, summary.report_levels.get(lv, 0), summary.report_levels_machine.get(lv, 0)]
                for lv in levels
            ]
            + [["at_least_partial", summary.aligned, summary.aligned_machine]],
        ),
        "sections": (
            ["section", "title", *levels, *(f"machine_{lv}" for lv in levels)],
            [
                [s.section, s.title, *_by(levels, s.final), *_by(levels, s.machine)]
                for s in summary.sections
            ],
        ),
        "elements": (
            [
                "section",
                "element",
                "title",
                *levels,
                *(f"machine_{lv}" for lv in levels),
                "decisions",
            ],
            [
                [
                    e.section,
                    e.element,
                    e.title,
                    *_by(levels, e.final),
                    *_by(levels, e.machine),
                    e.decisions,
                ]
                for e in summary.elements
            ],
        ),
        "indicators": (
            ["indicator", "title", "members", "of", "member_names"],
            [
                [i.id, i.title, i.count, i.of, "; ".join(m.member for m in i.members)]
                for i in summary.indicators
            ],
        ),
        "indicator_evidence": (
            ["indicator", "member", "page", "quote", "anchor"],
            [
                [i.id, m.member, ev.page, ev.quote, ev.anchor]
                for i in summary.indicators
                for m in i.members
                for ev in m.evidence
            ],
        ),
        "members": (
            [
                "member",
                "year",
                "status",
                "machine_level",
                "final_level",
                "decisions",
                "stale",
                "indicators",
                "error",
                "notes",
            ],
            [
                [
                    m.member,
                    m.year,
                    m.status,
                    m.machine_level,
                    m.final_level,
                    m.decisions,
                    m.stale,
                    ", ".join(m.indicators),
                    m.error,
                    m.notes,
                ]
                for m in summary.members
            ],
        ),
        "verdicts": (
            list(_VERDICT_FIELDS),
            [[getattr(v, f) for f in _VERDICT_FIELDS] for v in summary.verdicts],
        ),
    }


_VERDICT_FIELDS = (
    "member",
    "section",
    "element",
    "machine_level",
    "decision_level",
    "decision_status",
    "stale",
    "final_level",
    "reviewer",
    "decision_reason",
    "evidence_page",
    "evidence_quote",
)


def _by(levels: list[str], counts: dict[str, int]) -> list[int]:
    return [counts.get(level, 0) for level in levels]


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would treat as a formula, prefixed with an apostrophe.

    Control characters are escaped first: a spreadsheet cell cannot hold them (openpyxl
    refuses the whole workbook) and a terminal showing the CSV would act on them.
    """
    if isinstance(value, str):
        value = neutralise(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, str) and value.startswith("-") and not _is_number(value):
        return "'" + value
    return "" if value is None else value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(table: Table) -> str:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def write_csvs(summary: CoalitionSummary, folder: Path) -> list[Path]:
    paths = []
    for name, table in summary_tables(summary).items():
        path = folder / f"{name}.csv"
        write_atomic(path, to_csv(table))
        paths.append(path)
    return paths


def write_xlsx(summary: CoalitionSummary, path: Path) -> Path:
    """One workbook: a headline sheet, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "headline"
    sheet.append(["headline", safe_cell(summary.headline)])
    sheet.append(["framework", safe_cell(f"{summary.framework_id} {summary.framework_version}")])
    sheet.append(["members listed", summary.listed])
    sheet.append(["members assessed", summary.assessed])
    sheet.append(["not assessed", safe_cell(", ".join(summary.failed))])
    sheet.append(["decisions", summary.decisions_in_force])
    sheet.append(["stale decisions", summary.stale_decisions])
    for name, (header, rows) in summary_tables(summary).items():
        sheet = workbook.create_sheet(name[:31])
        sheet.append([safe_cell(v) for v in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(path, buffer.getvalue())
    return path


def write_json(summary: CoalitionSummary, path: Path) -> Path:
    write_atomic(path, summary.model_dump_json(indent=2) + "\n")
    return path


def publish_summary(summary: CoalitionSummary, folder: Path) -> list[Path]:
    """Write everything ``trustcheck summary -o DIR`` publishes; return the files written."""
    from trustcheck.audit.charts import write_charts
    from trustcheck.audit.html import summary_html

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        paths = [write_json(summary, folder / "summary.json")]
        paths.extend(write_csvs(summary, folder))
        paths.append(write_xlsx(summary, folder / "summary.xlsx"))
        paths.extend(write_charts(summary, folder))
        dashboard = folder / "index.html"
        write_atomic(dashboard, summary_html(summary, charts=folder))
    except OSError as err:
        raise AuditError(
            f"cannot write the figures to {folder}: {err.strerror or err}",
            hint="give a folder that can be created or written to",
        ) from err
    paths.append(dashboard)
    return paths
