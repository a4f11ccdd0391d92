"""Data releases (CSV files and XLSX workbooks) read as records and assessed like any report."""

from __future__ import annotations

import importlib.util
import io
import json
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from cli_runner import run
from trustcheck import (
    DocumentError,
    DocumentFormat,
    LimitExceeded,
    Limits,
    PassageKind,
    UnreadableDocument,
    UnsupportedFormat,
    assess,
    read_document,
    run_audit,
)
from trustcheck.ingest.detect import sniff_text

ROOT = Path(__file__).resolve().parent.parent
INGEST = ROOT / "fixtures" / "ingest"
REAL = ROOT.parent / "shared" / "corpus" / "real"


def _shapes() -> ModuleType:
    path = INGEST / "make_published_shapes.py"
    spec = importlib.util.spec_from_file_location("make_published_shapes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(doc_passages: list, page: int | None = None) -> list[tuple[tuple[str, ...], ...]]:
    return [
        (p.cells, p.columns)
        for p in doc_passages
        if p.kind == PassageKind.TABLE_ROW and (page is None or p.page == page)
    ]


def test_generated_fixtures_match_committed_files() -> None:
    pytest.importorskip("reportlab")
    shapes = _shapes()
    assert shapes.make_workbook() == (INGEST / "data_release.xlsx").read_bytes()
    assert (INGEST / "data_release.csv").read_text(encoding="utf-8") == shapes.CSV
    assert (INGEST / "converted_report.txt").read_text(encoding="utf-8") == (
        shapes.make_converted_text()
    )
    assert (INGEST / "converted_report.md").read_text(encoding="utf-8") == (
        shapes.make_converted_markdown()
    )
    assert (INGEST / "apollo_cache.html").read_text(encoding="utf-8") == shapes.APOLLO_HTML
    assert (INGEST / "styled_headings.html").read_text(encoding="utf-8") == shapes.STYLED_HTML
    assert shapes.make_footnotes_pdf() == (INGEST / "footnotes_contents.pdf").read_bytes()


def test_workbook_sheets_are_pages_with_titles_records_and_notes() -> None:
    doc = read_document(INGEST / "data_release.xlsx")
    assert doc.format == DocumentFormat.XLSX
    assert doc.title == "Northwind Safety Data Release"
    assert [(p.number, p.label) for p in doc.pages] == [(1, "Child safety"), (2, "Appeals")]
    cells, columns = _rows(doc.passages, page=1)[0]
    # the group header spans its four columns; the record takes the period above its label
    assert columns[:3] == (
        "January - June 2025",
        "Child Sexual Exploitation and Abuse (CSEA) - Hosted Services Content Actioned",
        "Child Sexual Exploitation and Abuse (CSEA) - Hosted Services Detected Proactively",
    )
    assert columns[5] == "CSEA - Search Content Actioned"
    assert cells == (
        "January - June 2025",
        "48,213",
        "98.7%",
        "15,022",
        "0.03%",
        "310,455",
        "96.1%",
    )
    row = next(p for p in doc.passages if p.kind == PassageKind.TABLE_ROW)
    assert row.heading_path == ("Child safety", "Northwind Safety Data Release")
    assert row.page_label == "Child safety"
    note = next(p for p in doc.passages if p.kind == PassageKind.PARAGRAPH)
    assert note.text.startswith("Note: Figures cover every hosted consumer service.")
    assert _rows(doc.passages, page=2) == [
        (
            ("Child sexual exploitation", "1904", "37"),
            ("Policy area", "Appeals received", "Accounts reinstated"),
        ),
        (("Spam", "22,010", "4120"), ("Policy area", "Appeals received", "Accounts reinstated")),
        (("Total", "", ""), ("Policy area", "Appeals received", "Accounts reinstated")),
    ]
    assert "=B4" not in doc.text  # formulas are never evaluated, nor shown as text
    sheet_two = [p for p in doc.passages if p.page == 2]
    assert [p.kind for p in sheet_two].count(PassageKind.HEADING) == 1  # "Appeals" once


def test_csv_tables_keep_titles_headers_and_totals() -> None:
    doc = read_document(INGEST / "data_release.csv")
    assert doc.format == DocumentFormat.CSV
    assert doc.title == "Accounts Removed"
    rows = _rows(doc.passages)
    header = ("Accounts Removed Category", "Accounts Removed", "Proactive Share")
    assert rows[0] == (("Child Safety", "41,206", "97.5%"), header)
    assert rows[3] == (("Total:", "352,050", ""), header)  # after a blank row: same table
    assert rows[4][1] == ("Month", "Media Reports", "Escalations", "Month Total")
    ncmec = [p for p in doc.passages if p.kind == PassageKind.TABLE_ROW][4]
    assert ncmec.heading_path == ("Reports to NCMEC",)


def test_csv_is_told_from_text_tables_and_prose() -> None:
    assert sniff_text("a,b,c\n1,2,3\n4,5,6\n") == DocumentFormat.CSV
    assert sniff_text("area\tcount\nCSEA\t12\nSpam\t40\n") == DocumentFormat.CSV
    text_table = (
        "Metric        2023     2024\nReports      1,020    1,234\nAppeals        40       52\n"
    )
    assert sniff_text(text_table) == DocumentFormat.TEXT
    prose = (
        "We removed content, accounts and groups.\nIn 2024, we also reported to NCMEC, "
        "as the law requires, and we published this.\n"
    )
    assert sniff_text(prose) == DocumentFormat.TEXT


def test_data_release_is_assessed_from_its_records() -> None:
    outcomes = {e.id: e for e in assess(INGEST / "data_release.xlsx").elements}
    assert outcomes["OUT1"].level == "full"
    evidence = outcomes["OUT1"].evidence[0]
    assert evidence.passage_id == "p1.3"
    assert "Content Actioned: 48,213" in evidence.quote
    assert outcomes["OUT3"].level == "full"  # the note under the table
    csv_result = {e.id: e.level for e in assess(INGEST / "data_release.csv").elements}
    assert csv_result["OUT4"] == "full"


def test_check_and_extract_read_data_releases(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", str(INGEST / "data_release.xlsx"))
    assert code == 0, err
    assert "[p2.2] page 2 (printed Appeals) · table_row · Appeals" in out
    assert "columns: Policy area | Appeals received | Accounts reinstated" in out
    code, out, err = run(capsys, str(INGEST / "data_release.csv"), "--format", "json")
    assert err == ""
    result = json.loads(out)
    assert result["document"]["format"] == "csv"
    levels = {e["id"]: e["level"] for section in result["sections"] for e in section["elements"]}
    assert levels["OUT4"] == "full"


def test_audit_reads_data_releases(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for member, name in (
        ("northwind.xlsx", "data_release.xlsx"),
        ("kestrel.csv", "data_release.csv"),
    ):
        (folder / member).write_bytes((INGEST / name).read_bytes())
    report = run_audit(folder, tmp_path / "audit", jobs=1)
    assert report.errors == {}
    assert report.assessed == 2


# Hostile workbooks --------------------------------------------------------------------------

_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def _workbook_with_sheet(
    sheet: bytes | None = None, *, extra: dict[str, bytes] | None = None
) -> bytes:
    """A real workbook (saved by openpyxl) with its first sheet's XML replaced."""
    from openpyxl import Workbook

    saved = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Title"
    workbook.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in source.namelist():
            body = source.read(name)
            if name == "xl/worksheets/sheet1.xml" and sheet is not None:
                body = sheet
            zf.writestr(name, body)
        for name, body in (extra or {}).items():
            zf.writestr(name, body)
    return out.getvalue()


def test_zip_bomb_workbook_is_refused_before_it_is_inflated() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(300):
                part.write(chunk)
    data = bomb.getvalue()
    assert len(data) < 2_000_000
    with pytest.raises(LimitExceeded, match=r"inflates to 300\.0 MB, over the limit of 256\.0 MB"):
        read_document(data, name="bomb.xlsx")


def test_million_cell_sheet_ends_in_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d"><v>1</v></c>' % (col, r) for col in (b"A", b"B", b"C", b"D"))
        + b"</row>"
        for r in range(1, 250_001)
    )
    path = tmp_path / "million.xlsx"
    path.write_bytes(_workbook_with_sheet(_SHEET_HEAD + rows + _SHEET_TAIL))
    code, _, err = run(capsys, "extract", str(path))
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("error[E305]: ") and "has more than 500,000 cells" in err


def test_cell_limit_counts_every_sheet_and_csv_row() -> None:
    workbook = INGEST / "data_release.xlsx"  # about 50 cells over its two sheets
    with pytest.raises(LimitExceeded, match="has more than 20 cells"):
        read_document(workbook, limits=Limits(max_cells=20))
    assert len(read_document(workbook, limits=Limits(max_cells=100)).pages) == 2
    with pytest.raises(LimitExceeded, match="has more than 10 cells"):
        read_document(INGEST / "data_release.csv", limits=Limits(max_cells=10))


def test_workbook_declaring_entities_is_refused() -> None:
    billion_laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        + _SHEET_HEAD.split(b"?>", 1)[1]
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        + _SHEET_TAIL
    )
    with pytest.raises(UnreadableDocument, match="has XML with a DTD or entities"):
        read_document(_workbook_with_sheet(billion_laughs), name="lol.xlsx")
    external = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x/>'
    data = _workbook_with_sheet(extra={"xl/external.xml": external})
    with pytest.raises(UnreadableDocument, match=r"external\.xml"):
        read_document(data, name="external.xlsx")


def test_other_zips_and_broken_workbooks_are_one_line_errors() -> None:
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("word/document.xml", b"<document/>")
    with pytest.raises(UnsupportedFormat, match="zip archive, not a report or an XLSX workbook"):
        read_document(other.getvalue(), name="letter.docx")
    broken = _workbook_with_sheet(_SHEET_HEAD + b"<row><c")
    with pytest.raises(UnreadableDocument, match=r"broken\.xlsx is not a readable XLSX workbook"):
        read_document(broken, name="broken.xlsx")


# Real releases (read from ../shared at run time; skipped where absent) -----------------------


@pytest.mark.skipif(not REAL.is_dir(), reason="the real corpus is not on this machine")
def test_real_releases_read_as_records() -> None:
    xlsx = read_document(REAL / "microsoft_2021h2_digital_safety_content_report.xlsx")
    first = next(p for p in xlsx.passages if p.kind == PassageKind.TABLE_ROW)
    assert first.columns is not None and "CSEAI" in first.columns[1]
    assert first.cells is not None and first.cells[0] == "July - December 2021"
    discord = read_document(REAL / "discord_2023q4_transparency_data.csv")
    ncmec = [p for p in discord.passages if p.heading_path == ("NCMEC",)]
    assert ncmec and ncmec[0].columns is not None and "Media Reports" in ncmec[0].columns
    meta = read_document(REAL / "meta_2024q2_enforcement_data.csv")
    assert meta.format == DocumentFormat.CSV
    rows = [p for p in meta.passages if p.kind == PassageKind.TABLE_ROW]
    assert len(rows) == 3809 and rows[0].columns == (
        "app",
        "policy_area",
        "metric",
        "period",
        "value",
    )


def test_damaged_workbook_parts_end_in_a_result_or_one_line() -> None:
    """Every part of a real workbook cut short, or left out: a result or a DocumentError."""
    data = (INGEST / "data_release.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    outcomes = set()
    for damaged in parts:
        for body in (parts[damaged][: len(parts[damaged]) // 2], None):
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as zf:
                for name, content in parts.items():
                    if name != damaged:
                        zf.writestr(name, content)
                    elif body is not None:
                        zf.writestr(name, body)
            try:
                doc = read_document(out.getvalue(), name="damaged.xlsx")
            except DocumentError as err:
                assert "\n" not in str(err)
                outcomes.add(type(err).__name__)
            else:
                outcomes.add("result")
                assert doc.format == DocumentFormat.XLSX
    assert "UnreadableDocument" in outcomes and "result" in outcomes
