"""Self-contained HTML pages for the summary (the dashboard) and the year-over-year diff.

One file that opens offline and can be mailed: the charts are embedded as data URIs, the style
sheet is inline, and there is no script. Every piece of text that comes from a report, a
manifest or a reviewer passes through :func:`html.escape`, because reports are untrusted input.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from html import escape
from pathlib import Path

from trustcheck.audit.diff import RECORD_FIELDS, AuditDiff
from trustcheck.audit.summary import CoalitionSummary

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#222;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;width:100%}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.headline{font-size:1.2rem;font-weight:600}.muted{color:#666}
.stale{color:#b71c1c;font-weight:600}.better{color:#2e7d32}.worse{color:#b71c1c}
img{max-width:100%;height:auto}blockquote{margin:.25rem 0 .25rem 1rem;color:#444}
"""


def _page(title: str, body: Iterable[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _table(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for value in row:
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            text = "" if value is None else str(value)
            cells.append(f'<td class="n">{text}</td>' if numeric else f"<td>{escape(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _image(path: Path, alt: str) -> str:
    if not path.is_file():
        return ""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<p><img alt="{escape(alt)}" src="data:image/png;base64,{data}"></p>'


def summary_html(summary: CoalitionSummary, charts: Path | None = None) -> str:
    """The dashboard; ``charts`` is the folder holding the PNGs from ``write_charts``."""
    levels = summary.levels
    out = [
        f"<h1>{escape(summary.framework_title)}: coalition figures</h1>",
        f'<p class="headline">{escape(summary.headline)}</p>',
        f'<p class="muted">Framework {escape(summary.framework_id)} '
        f"{escape(summary.framework_version)}; {summary.listed} members listed, "
        f"{summary.assessed} assessed; {summary.decisions_in_force} reviewer decisions, "
        f"{summary.stale_decisions} stale. Counts are after review; machine counts beside.</p>",
    ]
    if summary.failed:
        out.append(f"<p>Not assessed: {escape(', '.join(summary.failed))}</p>")
    out.append("<h2>Report-level alignment</h2>")
    if charts is not None:
        out.append(_image(charts / "alignment.png", "Members per report-level alignment"))
    out.append(
        _table(
            ["level", "members (after review)", "machine"],
            [
                [lv, summary.report_levels.get(lv, 0), summary.report_levels_machine.get(lv, 0)]
                for lv in levels
            ],
        )
    )
    out.append("<h2>Sections</h2>")
    out.append(
        _table(
            ["section", "title", *levels],
            [
                [s.section, s.title, *(_pair(s.final, s.machine, lv) for lv in levels)]
                for s in summary.sections
            ],
        )
    )
    out.append("<h2>Elements</h2>")
    if charts is not None:
        out.append(_image(charts / "elements.png", "Members per level, element by element"))
    out.append(
        _table(
            ["element", "title", *levels, "decisions"],
            [
                [e.element, e.title, *(_pair(e.final, e.machine, lv) for lv in levels), e.decisions]
                for e in summary.elements
            ],
        )
    )
    out.append("<h2>Practices disclosed</h2>")
    if charts is not None:
        out.append(_image(charts / "indicators.png", "Members disclosing each practice"))
    for indicator in summary.indicators:
        out.append(
            f"<details><summary><strong>{escape(indicator.title)}</strong>: "
            f"{indicator.count} of {indicator.of} members</summary><ul>"
        )
        for member in indicator.members:
            quotes = "".join(
                f"<blockquote>p. {ev.page}: {escape(ev.quote)}</blockquote>"
                for ev in member.evidence
            )
            out.append(f"<li>{escape(member.member)}{quotes}</li>")
        out.append("</ul></details>")
    out.append("<h2>Members</h2>")
    out.append(
        _table(
            [
                "member",
                "year",
                "status",
                "machine",
                "after review",
                "decisions",
                "stale",
                "error",
                "notes",
            ],
            [
                [
                    m.member,
                    m.year or "",
                    m.status,
                    m.machine_level,
                    m.final_level,
                    m.decisions,
                    m.stale,
                    m.error,
                    m.notes,
                ]
                for m in summary.members
            ],
        )
    )
    decided = [v for v in summary.verdicts if v.decision_status]
    if decided:
        out.append("<h2>Reviewer decisions</h2>")
        out.append(
            _table(
                [
                    "member",
                    "element",
                    "machine",
                    "decision",
                    "status",
                    "stale",
                    "reviewer",
                    "reason",
                ],
                [
                    [
                        v.member,
                        v.element,
                        v.machine_level,
                        v.decision_level,
                        v.decision_status,
                        "stale: re-review" if v.stale else "",
                        v.reviewer,
                        v.decision_reason,
                    ]
                    for v in decided
                ],
            )
        )
    return _page(f"{summary.framework_title}: coalition figures", out)


def _pair(final: dict[str, int], machine: dict[str, int], level: str) -> str:
    a, b = final.get(level, 0), machine.get(level, 0)
    return f"{a}" if a == b else f"{a} (machine {b})"


def diff_html(diff: AuditDiff) -> str:
    """The year-over-year changes as one table, one row per member event or changed element."""
    records = diff.records()
    out = [
        "<h1>Year over year</h1>",
        f'<p class="muted">{escape(diff.old)} &rarr; {escape(diff.new)} '
        f"({escape(diff.framework)}); levels are after review.</p>",
        f"<p>Members added: {escape(', '.join(diff.added) or 'none')}. "
        f"Members missing: {escape(', '.join(diff.missing) or 'none')}.</p>",
        _table(RECORD_FIELDS, ([r[f] for f in RECORD_FIELDS] for r in records))
        if records
        else "<p>No changes.</p>",
    ]
    return _page("trustcheck: year over year", out)
