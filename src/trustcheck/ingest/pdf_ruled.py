"""Ruled tables from PDFium's vector paths, laid out by pdfplumber's own table finder.

pdfplumber finds ruled tables well, but to do it on a page it has pdfminer interpret the whole
page in Python, character by character: about 90 ms a page, 60-75x PDFium's cost, and nearly
all of the reader's time on a report full of tables. Finding a table needs only the page's
ruling lines, and reading it only the text inside its cells. So the lines are taken from the
path objects PDFium has already parsed, turned into the edges pdfplumber would have made of
them (pdfminer's rules: a path splits into subpaths at each move; a two-point subpath is a line,
horizontal when its ends share a y and otherwise vertical; any other subpath contributes one
edge per pair of consecutive points, the closing point included, and Bézier segments count by
their end points), and handed to pdfplumber's table finder (``merge_edges`` through
``cells_to_tables``, with its default settings). Each cell's text is then read by PDFium from the
cell's rectangle.

Pages this cannot read the way pdfminer would (rotated, cropped or offset pages, and paths inside
form XObjects, whose coordinates are relative to the form) return ``None``, and the caller asks
pdfplumber as before.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pypdfium2.raw as pdfium_c

from trustcheck.ingest.pdf_layout import TableBlock
from trustcheck.ingest.pdf_text import BoundedText

Point = tuple[float, float]
Edge = dict[str, Any]
_DECIMALS = 4
_NO_PAGE: Any = None
"""pdfplumber's ``Table`` needs its page only to extract text, which PDFium does here."""


def _matrix(obj: Any) -> tuple[float, float, float, float, float, float]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _subpaths(obj: Any) -> Iterator[tuple[list[Point], bool]]:
    """(points in page space, has a Bézier segment) for each subpath of one path object."""
    a, b, c, d, e, f = _matrix(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[Point] = []
    curved = False
    closed = False
    bezier_step = 0
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = _round(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if points:
                yield _closed(points, closed), curved
            points, curved, closed, bezier_step = [point], False, False, 0
            continue
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curved = True
            bezier_step = (bezier_step + 1) % 3
            if bezier_step:  # the two control points: pdfminer keeps only the end point
                continue
        points.append(point)
        closed = closed or bool(pdfium_c.FPDFPathSegment_GetClose(segment))
    if points:
        yield _closed(points, closed), curved


def _round(x: float, y: float) -> Point:
    """PDFium keeps coordinates as 32-bit floats; files write a few decimals (pdfminer reads
    them as written), so rounding to 4 decimals gives back the file's own numbers."""
    return (round(x, _DECIMALS), round(y, _DECIMALS))


def _closed(points: list[Point], closed: bool) -> list[Point]:
    return [*points, points[0]] if closed and points[-1] != points[0] else points


def _edge(p0: Point, p1: Point, height: float, orientation: str | None) -> Edge:
    x0, x1 = min(p0[0], p1[0]), max(p0[0], p1[0])
    top, bottom = min(height - p0[1], height - p1[1]), max(height - p0[1], height - p1[1])
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
        "width": x1 - x0, "height": bottom - top, "orientation": orientation,
    }  # fmt: skip


def _edges(page: Any, height: float) -> list[Edge] | None:
    """The edges pdfplumber would take from the page's paths, or None if it cannot be sure."""
    edges: list[Edge] = []
    kinds = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM)
    for obj in page.get_objects(filter=kinds, max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            return None
        for points, curved in _subpaths(obj.raw):
            if len(points) == 2 and not curved:
                p0, p1 = points
                edges.append(_edge(p0, p1, height, "h" if p0[1] == p1[1] else "v"))
                continue
            for p0, p1 in pairwise(points):
                orientation = "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None)
                edges.append(_edge(p0, p1, height, orientation))
    return edges


def _plain_page(page: Any) -> float | None:
    """The page height when PDFium's and pdfplumber's coordinates agree, else None."""
    if page.get_rotation() != 0:
        return None
    media = page.get_mediabox()
    if page.get_cropbox() != media or media[0] != 0 or media[1] != 0:
        return None
    return round(float(media[3]), _DECIMALS)


def ruled_tables(page: Any, textpage: Any) -> list[TableBlock] | None:
    """The page's ruled tables with their cells' text, or None to ask pdfplumber instead."""
    from pdfplumber.table import (
        Table,
        TableSettings,
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )
    from pdfplumber.utils.geometry import filter_edges

    height = _plain_page(page)
    if height is None:
        return None
    edges = _edges(page, height)
    if edges is None:
        return None
    s = TableSettings.resolve(None)
    prefilter = s.edge_min_length_prefilter
    edges = filter_edges(edges, "v", min_length=prefilter) + filter_edges(
        edges, "h", min_length=prefilter
    )
    edges = merge_edges(
        edges, s.snap_x_tolerance, s.snap_y_tolerance, s.join_x_tolerance, s.join_y_tolerance
    )
    edges = filter_edges(edges, min_length=s.edge_min_length)
    cells = intersections_to_cells(
        edges_to_intersections(edges, s.intersection_x_tolerance, s.intersection_y_tolerance)
    )
    blocks: list[TableBlock] = []
    bounded = BoundedText(textpage)
    for group in cells_to_tables(cells):
        table = Table(_NO_PAGE, group)
        block = TableBlock.of_rows(
            table.bbox,
            (
                ([_cell_text(bounded, height, c) for c in row.cells], tuple(row.bbox))
                for row in table.rows
            ),
        )
        if block is not None:
            blocks.append(block)
    return blocks


def _cell_text(
    bounded: BoundedText, height: float, cell: tuple[float, float, float, float] | None
) -> str:
    if cell is None:
        return ""
    x0, top, x1, bottom = cell
    text = bounded(x0, height - bottom, x1, height - top)
    return text.replace("\r\n", "\n").replace("\r", "\n")
