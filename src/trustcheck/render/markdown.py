"""Assessments as Markdown: a summary to paste into an issue, a review or a pull request.

Report text is untrusted: a quote may contain ``|`` (which would break the table), ``<script>``
or Markdown syntax. Every piece of document text goes through :func:`escape`, which turns markup
characters into entities or backslash escapes so the quote renders as the words it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trustcheck.assessment.models import Assessment
from trustcheck.render.common import (
    best_evidence,
    best_level,
    decision_text,
    level_text,
    levels,
    page_ref,
    report_name,
    summary_line,
    trim,
)

QUOTE_LIMIT = 240
_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


def escape(text: str) -> str:
    """Text safe inside a Markdown table cell: no HTML, no emphasis, no links, one line."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


def _code(text: str) -> str:
    """Text for an inline code span, which cannot hold a backtick or a line break."""
    return " ".join(text.replace("`", "'").split())


def _one(assessment: Assessment) -> list[str]:
    doc = assessment.document
    framework = assessment.framework
    lines = [
        f"## {escape(report_name(assessment))}",
        "",
        f"**{escape(summary_line(assessment))}**",
        "",
        f"- Document: `{_code(doc.path)}` ({doc.format}, {_pages(doc.pages)}, "
        f"sha256 `{doc.sha256[:12]}`)",
        f"- Framework: {escape(framework.title)} ({escape(framework.version)})"
        + (", reconstructed text" if framework.reconstructed else ""),
    ]
    if assessment.reporting_period:
        lines.append(f"- Reporting period: {escape(assessment.reporting_period)}")
    lines.extend(f"- Warning: {escape(w)}" for w in assessment.warnings)
    has_decisions = any(e.decision is not None for e in assessment.elements)
    header = "| Element | Level | Score | Evidence |"
    rule = "| --- | --- | ---: | --- |"
    if has_decisions:
        header += " Reviewer |"
        rule += " --- |"
    lines += ["", header, rule]
    best = best_level(assessment)
    order = levels(assessment)
    gaps: list[str] = []
    for section in assessment.sections:
        row = f"| **{section.id} {escape(section.title)}** | {level_text(section.level, order)} |"
        row += f" {section.score:g} | |" + (" |" if has_decisions else "")
        lines.append(row)
        for element in section.elements:
            evidence = best_evidence(element)
            quote = (
                f"{page_ref(evidence)}: “{escape(trim(evidence.quote, QUOTE_LIMIT))}”"
                if evidence
                else "—"
            )
            row = f"| {element.id} {escape(element.title)} | {level_text(element.level, order)} |"
            row += f" {element.score:g} | {quote} |"
            if has_decisions:
                row += f" {escape(decision_text(element))} |"
            lines.append(row)
            if element.level != best and element.missing:
                gaps.append(f"- **{element.id}** ({element.level}):")
                gaps.extend(f"  - {escape(m)}" for m in element.missing)
    if gaps:
        lines += ["", "### What is missing", "", *gaps]
    return lines


def to_markdown(assessments: Sequence[Assessment]) -> str:
    """One section per report, each with its summary, verdict table and missing items."""
    lines = ["# trustcheck assessment", ""]
    for index, assessment in enumerate(assessments):
        if index:
            lines.append("")
        lines += _one(assessment)
    return "\n".join(lines) + "\n"
