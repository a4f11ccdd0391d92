"""Self-contained HTML pages for the summary (the dashboard) and the year-over-year diff.

One file that opens offline and can be mailed: the charts are embedded as data URIs, the style
sheet is inline, and there is no script. The pages are Jinja templates beside the single-report
HTML's (``trustcheck/render/templates``), rendered with the same autoescaping environment and
the same style sheet, so report text (untrusted: quotes, member names, reviewers' reasons) is
escaped the one way, and a Content-Security-Policy forbids any load but the inline style and the
embedded images. The print style sheet lays the pages out in landscape with headers repeated.
"""

from __future__ import annotations

import base64
import os
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from trustcheck._version import __version__
from trustcheck.audit.diff import RECORD_FIELDS, AuditDiff
from trustcheck.audit.manifest import is_url
from trustcheck.audit.mileposts import MilepostFigures
from trustcheck.audit.summary import CoalitionSummary
from trustcheck.render.common import level_text, rank
from trustcheck.render.html import csp_hash, template, template_text


@cache
def _css() -> str:
    """The report's style sheet, then the audit pages' additions."""
    return template_text("report.css") + "\n" + template_text("audit.css")


def _render(name: str, **context: Any) -> str:
    css = _css()
    return template(name).render(
        version=__version__, css=Markup(css), style_hash=csp_hash(css), **context
    )


def source_href(source: str, base: Path | None, page: int | None = None) -> str | None:
    """A link to a member's report from a page written into ``base``; ``#page=N`` for PDFs.

    URLs are linked as they are (http and https only: a manifest could hold any scheme);
    a file is linked by its path relative to ``base``, never an absolute path.
    """
    fragment = f"#page={page}" if page is not None and source.lower().endswith(".pdf") else ""
    if is_url(source):
        return source + fragment if source.lower().startswith(("http://", "https://")) else None
    if base is None or not source:
        return None
    return quote(Path(source).as_posix()) + fragment


def _image(folder: Path | None, name: str) -> str:
    if folder is None:
        return ""
    path = folder / f"{name}.png"
    return base64.b64encode(path.read_bytes()).decode("ascii") if path.is_file() else ""


def _relative_source(summary: CoalitionSummary, source: str, folder: Path | None) -> str:
    """A member's source as a path relative to the page's folder (for links), or the URL."""
    if is_url(source) or folder is None or not summary.source_base:
        return source
    absolute = Path(summary.source_base) / source
    try:
        return Path(os.path.relpath(absolute, folder.resolve())).as_posix()
    except ValueError:
        return source


def summary_html(summary: CoalitionSummary, charts: Path | None = None) -> str:
    """The dashboard; ``charts`` is the folder holding the PNGs from ``write_charts``.

    Links to members' reports are relative to that folder, where the dashboard is written.
    """
    sources = {m.member: _relative_source(summary, m.source, charts) for m in summary.members}
    levels = summary.levels
    section_ids = [sid for sid, _ids in summary.sections_order]
    final_levels = {(v.member, v.element): v.final_level for v in summary.verdicts}
    members = [
        {
            "rank": m.rank or "",
            "member": m.member,
            "manual": m.manual,
            "status": m.status,
            "level": m.final_level,
            "level_text": level_text(m.final_level or "", levels),
            "score": "" if m.final_score is None else f"{m.final_score:g}",
            "machine": _machine(m.machine_level, m.machine_score),
            "sections": [_num(m.section_scores.get(sid)) for sid in section_ids],
            "decisions": m.decisions,
            "stale": m.stale,
            "source": m.source,
            "href": source_href(sources[m.member], charts),
            "notes": m.notes,
        }
        for m in sorted(
            summary.members, key=lambda m: (m.rank is None, m.rank or 0, m.member.casefold())
        )
    ]
    return _render(
        "dashboard.html.j2",
        title=f"{summary.framework_title}: coalition figures",
        s=summary,
        order=levels,
        failures=[
            {
                "member": m.member,
                "source": m.source,
                "href": source_href(sources[m.member], charts),
                "manual": m.manual,
                "error": m.error or m.status,
            }
            for m in summary.members
            if m.status != "ok"
        ],
        charts={
            name: _image(charts, name) for name in ("alignment", "scores", "elements", "indicators")
        },
        alignment=[
            {
                "level": lv,
                "text": level_text(lv, levels),
                "final": summary.report_levels.get(lv, 0),
                "machine": summary.report_levels_machine.get(lv, 0),
            }
            for lv in levels
        ],
        section_ids=section_ids,
        members=members,
        matrix=_matrix(summary, final_levels),
        levels=[{"id": lv, "text": level_text(lv, levels)} for lv in levels],
        sections=[
            {
                "id": sec.section,
                "title": sec.title,
                "score": _pair(sec.mean_score, sec.mean_machine_score),
                "counts": [_count_pair(sec.final, sec.machine, lv) for lv in levels],
            }
            for sec in summary.sections
        ],
        elements=[
            {
                "id": e.element,
                "title": e.title,
                "score": _pair(e.mean_score, e.mean_machine_score),
                "counts": [_count_pair(e.final, e.machine, lv) for lv in levels],
                "decisions": e.decisions,
            }
            for e in summary.elements
        ],
        indicators=[
            {
                "title": i.title,
                "count": i.count,
                "of": i.of,
                "names": ", ".join(m.member for m in i.members),
                "members": [
                    {
                        "member": m.member,
                        "evidence": [
                            {
                                "quote": ev.quote,
                                "citation": ev.citation or f"p. {ev.page}",
                                "href": source_href(sources.get(m.member, ""), charts, ev.page),
                            }
                            for ev in m.evidence
                        ],
                    }
                    for m in i.members
                ],
            }
            for i in summary.indicators
        ],
        decisions=[
            {
                "member": v.member,
                "element": v.element,
                "machine": level_text(v.machine_level, levels),
                "level": v.decision_level,
                "level_text": level_text(v.decision_level, levels),
                "status": v.decision_status.replace("-", " "),
                "stale": v.stale,
                "reviewer": v.reviewer,
                "reason": v.decision_reason,
            }
            for v in summary.verdicts
            if v.decision_status
        ],
        mileposts=_mileposts(summary.mileposts),
    )


def _mileposts(figures: MilepostFigures | None) -> Any:
    if figures is None:
        return None
    return {
        "headline": figures.headline,
        "compared": figures.compared,
        "categories": [
            {
                "title": c.title,
                "members": c.members,
                "members_count": c.members_count,
                "advances": c.advances,
                "found": [a for a in figures.advances if a.category == c.id],
            }
            for c in figures.categories
        ],
    }


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _machine(level: str | None, score: float | None) -> str:
    if level is None:
        return "—"
    return f"{level} ({_num(score)})"


def _pair(final: float, machine: float) -> str:
    return f"{final:g}" if final == machine else f"{final:g} (machine {machine:g})"


def _count_pair(final: dict[str, int], machine: dict[str, int], level: str) -> str:
    a, b = final.get(level, 0), machine.get(level, 0)
    return f"{a}" if a == b else f"{a} (machine {b})"


def _matrix(summary: CoalitionSummary, final_levels: dict[tuple[str, str], str]) -> Any:
    from trustcheck.audit.exports import matrix_table

    header, rows = matrix_table(summary)
    head = []
    for text in header:
        head.append(
            {
                "text": text,
                "total": text.endswith(" total") or text == "score",
                "title": summary.element_titles.get(text, ""),
            }
        )
    body = []
    for row in rows:
        member = str(row[1])
        cells = []
        for column, value in zip(header, row, strict=True):
            cls = "" if column in ("member", "level") else "num"
            level = final_levels.get((member, column))
            if level is not None:  # coloured by its rank (audit.css); the id for own styles
                cls += f" cell-{level}"
                position = rank(summary.levels, level)
                cls += f" cell-{position}" if position else ""
            if column.endswith(" total") or column == "score":
                cls += " total"
            text = f"{value:g}" if isinstance(value, float) else ("" if value is None else value)
            cells.append({"text": text, "cls": cls})
        body.append(cells)
    return {"header": head, "rows": body}


def diff_html(diff: AuditDiff) -> str:
    """The year-over-year changes, one row per member event or changed element.

    The milepost figures, when the framework defines categories, come first.
    """
    figures = diff.mileposts
    records = diff.records()
    styles = {"better": "better", "worse": "worse"}
    return _render(
        "diff.html.j2",
        title="Year over year",
        diff=diff,
        added=", ".join(diff.added) or "none",
        missing=", ".join(diff.missing) or "none",
        header=RECORD_FIELDS,
        rows=[
            [
                {"text": r[f], "cls": styles.get(r[f], "") if f == "change" else ""}
                for f in RECORD_FIELDS
            ]
            for r in records
        ],
        milepost_rows=[
            {
                "title": row.title,
                "members": row.members_count,
                "advances": row.advances,
                "who": ", ".join(row.members),
            }
            for row in (figures.categories if figures is not None else [])
        ],
        milepost_headline=figures.headline if figures is not None else "",
    )
