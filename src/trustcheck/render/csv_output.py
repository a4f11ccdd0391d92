"""Assessments as CSV: one row per element, ready for a spreadsheet.

The first nine columns are the ones analysts asked for (report, framework, section, element,
level, score, confidence, page, quote); the rest add what a spreadsheet review needs without a
second file. Text that a spreadsheet would run as a formula (a cell starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) is prefixed with an apostrophe, the usual defence against
CSV formula injection; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from trustcheck.assessment.models import Assessment
from trustcheck.neutral import neutralise
from trustcheck.render.common import best_evidence

COLUMNS = (
    "report",
    "framework",
    "section",
    "element",
    "level",
    "score",
    "confidence",
    "page",
    "quote",
    "page_label",
    "element_title",
    "report_title",
    "decision_level",
    "decision_status",
    "missing",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """Text a spreadsheet shows as text, never evaluates, with control characters escaped."""
    text = neutralise(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(assessments: Sequence[Assessment]) -> list[dict[str, str | float | int]]:
    """The CSV rows as dictionaries keyed by :data:`COLUMNS`."""
    out: list[dict[str, str | float | int]] = []
    for assessment in assessments:
        for section in assessment.sections:
            for element in section.elements:
                evidence = best_evidence(element)
                decision = element.decision
                out.append(
                    {
                        "report": defuse(assessment.document.path),
                        "framework": assessment.framework.id,
                        "section": section.id,
                        "element": element.id,
                        "level": element.level,
                        "score": element.score,
                        "confidence": element.confidence,
                        "page": evidence.page if evidence else "",
                        "quote": defuse(evidence.quote) if evidence else "",
                        "page_label": defuse(evidence.page_label or "") if evidence else "",
                        "element_title": defuse(element.title),
                        "report_title": defuse(assessment.document.title or ""),
                        "decision_level": decision.level if decision else "",
                        "decision_status": decision.status if decision else "",
                        "missing": defuse("; ".join(element.missing)),
                    }
                )
    return out


def to_csv(assessments: Sequence[Assessment]) -> str:
    """A header row, then one row per element of every report, CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(assessments))
    return buffer.getvalue()
