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

Paths inside form XObjects are taken to the page through the forms' matrices, as pdfminer's
drawing of the form does. Pages this cannot read the way pdfminer would (rotated, cropped or
offset pages) return ``None``, and the caller asks pdfplumber as before.
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
Matrix = tuple[float, float, float, float, float, float]
_DECIMALS = 4
_NO_PAGE: Any = None
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_FORM_DEPTH = 32
"""Forms nested deeper than this are not looked into (a form may draw itself, endlessly)."""
"""pdfplumber's ``Table`` needs its page only to extract text, which PDFium does here."""


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _then(
    inner: Matrix,
    outer: Matrix,
) -> Matrix:
    """The matrix that applies *inner* and then *outer* (a form's content, then the form)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
        e * A + f * C + E, e * B + f * D + F,
    )  # fmt: skip


def _subpaths(
    obj: Any, outer: Matrix = _IDENTITY
) -> Iterator[tuple[tuple[list[Point], list[Point]], bool]]:
    """For each subpath of one path object: its points in page space, the points that decide
    which of its segments are horizontal or vertical, and whether it has a Bézier segment.

    Points are rounded to the file's own decimals (see :func:`_round`). Inside a form, whose
    matrix pdfminer multiplies out in full, a tilt of a millionth of a degree keeps its lines
    from being horizontal or vertical for pdfplumber; there the unrounded points decide.
    """
    in_form = outer != _IDENTITY
    a, b, c, d, e, f = _then(_matrix(obj), outer) if in_form else _matrix(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[Point] = []
    exact: list[Point] = []
    curved = False
    closed = False
    bezier_step = 0
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        raw = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        point = _round(*raw)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if points:
                yield _closed(points, exact, closed, in_form), curved
            points, exact, curved, closed, bezier_step = [point], [raw], False, False, 0
            continue
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curved = True
            bezier_step = (bezier_step + 1) % 3
            if bezier_step:  # the two control points: pdfminer keeps only the end point
                continue
        points.append(point)
        exact.append(raw)
        closed = closed or bool(pdfium_c.FPDFPathSegment_GetClose(segment))
    if points:
        yield _closed(points, exact, closed, in_form), curved


def _round(x: float, y: float) -> Point:
    """PDFium keeps coordinates as 32-bit floats; files write a few decimals (pdfminer reads
    them as written), so rounding to 4 decimals gives back the file's own numbers."""
    return (round(x, _DECIMALS), round(y, _DECIMALS))


def _closed(
    points: list[Point], exact: list[Point], closed: bool, in_form: bool
) -> tuple[list[Point], list[Point]]:
    """The points (and the deciding points) with the first repeated at the end if closed."""
    shape = exact if in_form else points
    if closed and shape[-1] != shape[0]:
        points, shape = [*points, points[0]], [*shape, shape[0]]
    return points, shape


def _edge(p0: Point, p1: Point, height: float, orientation: str | None) -> Edge:
    x0, x1 = min(p0[0], p1[0]), max(p0[0], p1[0])
    top, bottom = min(height - p0[1], height - p1[1]), max(height - p0[1], height - p1[1])
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
        "width": x1 - x0, "height": bottom - top, "orientation": orientation,
    }  # fmt: skip


def _paths(page: Any) -> Iterator[tuple[Any, Matrix]]:
    """Every path object of the page, in content order, with the matrix of the forms around it.

    PDFium gives an object inside a form XObject its matrix within the form (the form's own
    /Matrix included); the form object's matrix takes that to the page, as pdfminer's CTM does
    when it draws the form.
    """
    stack = [
        (pdfium_c.FPDFPage_CountObjects(page.raw), page.raw, _IDENTITY, True, 0, 0)
    ]  # (count, parent, matrix to the page, parent is the page, depth, next index)
    while stack:
        count, parent, outer, top, depth, index = stack.pop()
        if index >= count:
            continue
        stack.append((count, parent, outer, top, depth, index + 1))
        if top:
            obj = pdfium_c.FPDFPage_GetObject(parent, index)
        else:
            obj = pdfium_c.FPDFFormObj_GetObject(parent, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, outer
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
            inner = _then(_matrix(obj), outer) if outer != _IDENTITY else _matrix(obj)
            stack.append((pdfium_c.FPDFFormObj_CountObjects(obj), obj, inner, False, depth + 1, 0))


def _edges(page: Any, height: float) -> list[Edge]:
    """The edges pdfplumber would take from the page's paths, forms' paths included."""
    edges: list[Edge] = []
    for obj, outer in _paths(page):
        for (points, shape), curved in _subpaths(obj, outer):
            if len(points) == 2 and not curved:
                (p0, p1), (s0, s1) = points, shape
                edges.append(_edge(p0, p1, height, "h" if s0[1] == s1[1] else "v"))
                continue
            for (p0, p1), (s0, s1) in zip(pairwise(points), pairwise(shape), strict=True):
                orientation = "v" if s0[0] == s1[0] else ("h" if s0[1] == s1[1] else None)
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
