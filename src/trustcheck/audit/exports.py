"""The summary as files for the staff's spreadsheets: CSV per table, one XLSX, JSON.

Every format reads the same named tables from :func:`summary_tables`, so a figure cannot differ
between the CSV and the workbook. Report text (quotes, member names) goes into cells that a
spreadsheet would otherwise run as a formula: in CSV such cells get the usual apostrophe guard;
in the workbook they are stored as text cells, which no spreadsheet evaluates, so no guard
shows. Every CSV uses CRLF line ends.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from trustcheck.audit.mileposts import MilepostFigures
from trustcheck.audit.summary import CoalitionSummary
from trustcheck.errors import AuditError
from trustcheck.fsutil import write_atomic
from trustcheck.neutral import neutralise, neutralise_lines
from trustcheck.render.common import Rank, rank

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
        "members": (
            [
                *_MEMBER_FIELDS,
                *(f"{sid}_score" for sid, _ids in summary.sections_order),
                "decisions",
                "stale",
                "indicators",
                "source",
                "error",
                "notes",
            ],
            [
                [
                    m.rank,
                    m.member,
                    m.year,
                    m.status,
                    "yes" if m.manual else "",
                    m.final_level,
                    m.final_score,
                    m.machine_level,
                    m.machine_score,
                    *(m.section_scores.get(sid) for sid, _ids in summary.sections_order),
                    m.decisions,
                    m.stale,
                    ", ".join(m.indicators),
                    m.source,
                    m.error,
                    m.notes,
                ]
                for m in summary.members
            ],
        ),
        "matrix": matrix_table(summary),
        "failures": (
            ["member", "status", "scored_by_hand", "source", "error"],
            [
                [m.member, m.status, "yes" if m.manual else "no", m.source, m.error]
                for m in summary.members
                if m.status != "ok"
            ],
        ),
        "sections": (
            [
                "section",
                "title",
                "mean_score",
                "machine_mean_score",
                *levels,
                *(f"machine_{lv}" for lv in levels),
            ],
            [
                [
                    s.section,
                    s.title,
                    s.mean_score,
                    s.mean_machine_score,
                    *_by(levels, s.final),
                    *_by(levels, s.machine),
                ]
                for s in summary.sections
            ],
        ),
        "elements": (
            [
                "section",
                "element",
                "title",
                "mean_score",
                "machine_mean_score",
                *levels,
                *(f"machine_{lv}" for lv in levels),
                "decisions",
            ],
            [
                [
                    e.section,
                    e.element,
                    e.title,
                    e.mean_score,
                    e.mean_machine_score,
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
            ["indicator", "member", "page", "page_label", "citation", "quote", "anchor"],
            [
                [i.id, m.member, ev.page, ev.page_label, ev.citation, ev.quote, ev.anchor]
                for i in summary.indicators
                for m in i.members
                for ev in m.evidence
            ],
        ),
        "verdicts": (
            list(_VERDICT_FIELDS),
            [[getattr(v, f) for f in _VERDICT_FIELDS] for v in summary.verdicts],
        ),
        **(_milepost_tables(summary.mileposts) if summary.mileposts is not None else {}),
    }


def _milepost_tables(figures: MilepostFigures) -> dict[str, Table]:
    return {
        "mileposts": (
            ["category", "title", "members", "of", "advances", "member_names"],
            [
                [c.id, c.title, c.members_count, figures.compared, c.advances, "; ".join(c.members)]
                for c in figures.categories
            ]
            + [
                [
                    "all",
                    "at least one milepost",
                    len(figures.members_advanced),
                    figures.compared,
                    figures.mileposts,
                    "; ".join(figures.members_advanced),
                ]
            ],
        ),
        "milepost_advances": (
            ["member", "category", "kind", "id", "title", "old", "new", "citation", "quote"],
            [
                [
                    a.member,
                    a.category,
                    a.kind,
                    a.id,
                    a.title,
                    a.old,
                    a.new,
                    a.evidence[0].citation if a.evidence else "",
                    a.evidence[0].quote if a.evidence else "",
                ]
                for a in figures.advances
            ],
        ),
    }


def matrix_table(summary: CoalitionSummary) -> Table:
    """Members x elements: final scores, each section's total and the member's, with rank.

    The scorecard layout of ranking indexes: one row per member (ranked best first, members
    with no levels last), element scores grouped by section with the section's score after
    them, then the member's score and rank; a last row holds each column's mean.
    """
    columns: list[str] = []
    for section, elements in summary.sections_order:
        columns.extend(elements)
        columns.append(f"{section} total")
    rows: list[list[Any]] = []
    ranked = sorted(
        summary.members, key=lambda m: (m.rank is None, m.rank or 0, m.member.casefold())
    )
    for member in ranked:
        cells: list[Any] = []
        for section, elements in summary.sections_order:
            cells.extend(member.element_scores.get(e) for e in elements)
            cells.append(member.section_scores.get(section))
        rows.append([member.rank, member.member, member.final_level, member.final_score, *cells])
    scored = [r for r in rows if r[3] is not None]
    means = [
        round(sum(r[i] for r in scored) / len(scored), 1) if scored else None
        for i in range(4, 4 + len(columns))
    ]
    total = round(sum(r[3] for r in scored) / len(scored), 1) if scored else None
    rows.append(["", "mean", "", total, *means])
    return (["rank", "member", "level", "score", *columns], rows)


_MEMBER_FIELDS = (
    "rank",
    "member",
    "year",
    "status",
    "scored_by_hand",
    "final_level",
    "final_score",
    "machine_level",
    "machine_score",
)


_VERDICT_FIELDS = (
    "member",
    "section",
    "element",
    "machine_level",
    "machine_score",
    "decision_level",
    "decision_status",
    "stale",
    "final_level",
    "final_score",
    "reviewer",
    "decision_reason",
    "evidence_page",
    "evidence_citation",
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


def to_csv(table: Table, *, bom: bool = False) -> str:
    """A table as CSV: CRLF line ends (RFC 4180, like every CSV trustcheck writes), formula
    guard on text cells, and a leading UTF-8 byte order mark when ``bom`` (Excel then reads
    accented names right)."""
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def write_csvs(summary: CoalitionSummary, folder: Path, *, bom: bool = False) -> list[Path]:
    paths = []
    for name, table in summary_tables(summary).items():
        path = folder / f"{name}.csv"
        write_atomic(path, to_csv(table, bom=bom))
        paths.append(path)
    return paths


#: Fill colours of level cells in the workbook by the level's rank, the dashboard's colours.
RANK_FILLS: dict[Rank, str] = {"best": "C8E6C9", "between": "FFF59D", "lowest": "E0E0E0"}
_MAX_WIDTH = 60


def _level_fills(summary: CoalitionSummary) -> list[tuple[str, str]]:
    """Each of the summary's levels with the fill of its rank."""
    ranked = ((lv, rank(summary.levels, lv)) for lv in summary.levels)
    return [(lv, RANK_FILLS[position]) for lv, position in ranked if position]


def write_xlsx(summary: CoalitionSummary, path: Path) -> Path:
    """One workbook: a headline sheet, then one sheet per table, ready to filter and sort.

    Text goes in as text (a cell that starts with ``=`` is stored as a string, never a formula,
    so no visible apostrophe is needed as in CSV); headers are bold and frozen with an
    autofilter; columns are as wide as their content (up to a limit, then wrapped); cells that
    hold a level are coloured by it.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fills = {
        lv: PatternFill("solid", start_color=c, end_color=c) for lv, c in _level_fills(summary)
    }
    final_levels = {(v.member, v.element): v.final_level for v in summary.verdicts}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "headline"
    facts: list[list[Any]] = [
        ["headline", summary.headline],
        ["framework", f"{summary.framework_id} {summary.framework_version}"],
        ["members listed", summary.listed],
        ["members assessed", summary.assessed],
        ["mean score", summary.mean_score],
        ["mean machine score", summary.mean_machine_score],
        ["not read", ", ".join(summary.failed)],
        ["scored by hand", ", ".join(summary.manual)],
        ["not assessed", ", ".join(summary.unassessed)],
        ["decisions", summary.decisions_in_force],
        ["stale decisions", summary.stale_decisions],
    ]
    if summary.mileposts is not None:
        facts.append(["mileposts", summary.mileposts.headline])
    _fill_sheet(sheet, facts, header=False)
    for name, (header, rows) in summary_tables(summary).items():
        sheet = workbook.create_sheet(name[:31])
        _fill_sheet(sheet, [header, *rows], header=True)
        sheet.freeze_panes = "C2" if name == "matrix" else "A2"
        last = get_column_letter(max(1, len(header)))
        sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                fill = fills.get(cell.value) if isinstance(cell.value, str) else None
                if fill is not None:
                    cell.fill = fill
        if name == "matrix":  # a score cell takes the colour of the level it stands for
            for row_cells in sheet.iter_rows(min_row=2):
                member = row_cells[1].value
                for cell, column_name in zip(row_cells, header, strict=False):
                    level = final_levels.get((str(member), column_name))
                    if level in fills:
                        cell.fill = fills[level]
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    for sheet in workbook.worksheets:
        for index, column in enumerate(sheet.iter_cols(), start=1):
            longest = max((len(str(c.value)) for c in column if c.value is not None), default=4)
            width = min(_MAX_WIDTH, max(6, longest + 2))
            sheet.column_dimensions[get_column_letter(index)].width = width
            if longest > _MAX_WIDTH:
                for cell in column:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(path, _reproducible_zip(buffer.getvalue()))
    return path


def _fill_sheet(sheet: Any, rows: list[list[Any]], *, header: bool) -> None:
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text: never a formula, whatever it starts with


def _cell(value: Any) -> Any:
    """A cell's value: text with its control characters shown as escapes (XML 1.0 cannot
    hold them, and openpyxl refuses the whole workbook), line breaks kept."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_lines(value)
    return value


def _reproducible_zip(data: bytes) -> bytes:
    """The workbook with fixed timestamps, so the same summary gives the same file."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _CORE_DATES.sub(b"\\g<1>2000-01-01T00:00:00Z\\g<2>", payload)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, payload)
    return out.getvalue()


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def write_json(summary: CoalitionSummary, path: Path) -> Path:
    write_atomic(path, summary.model_dump_json(indent=2) + "\n")
    return path


def publish_summary(summary: CoalitionSummary, folder: Path, *, bom: bool = False) -> list[Path]:
    """Write everything ``trustcheck summary -o DIR`` publishes; return the files written.

    ``bom`` starts every CSV with a UTF-8 byte order mark, for Excel.
    """
    from trustcheck.audit.charts import write_charts
    from trustcheck.audit.html import summary_html

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        paths = [write_json(summary, folder / "summary.json")]
        paths.extend(write_csvs(summary, folder, bom=bom))
        paths.append(write_xlsx(summary, folder / "summary.xlsx"))
        paths.extend(write_charts(summary, folder))
        dashboard = folder / "index.html"
        write_atomic(dashboard, summary_html(summary, charts=folder))
    except ModuleNotFoundError as err:  # a broken install: one line, with the command to fix it
        raise AuditError(
            f"{err.name} is missing from this installation, so the figures cannot be drawn",
            hint="reinstall trustcheck from its source folder: pip install .",
        ) from err
    except OSError as err:
        raise AuditError(
            f"cannot write the figures to {folder}: {err.strerror or err}",
            hint="give a folder that can be created or written to",
        ) from err
    paths.append(dashboard)
    return paths
