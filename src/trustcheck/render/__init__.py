"""The render stage: assessments as a terminal table, JSON, Markdown, HTML, CSV or SARIF.

Every format reads the same :class:`~trustcheck.assessment.models.Assessment` records and shares
its wording (level words, page references, the summary line) through :mod:`.common`. Each format
lives in its own module and is imported only when asked for, so a JSON run never loads Jinja2.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from trustcheck.assessment.models import Assessment
from trustcheck.errors import UsageError


class OutputFormat(StrEnum):
    """The formats of ``trustcheck --format`` and :func:`render_assessments`."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"
    CSV = "csv"
    SARIF = "sarif"


def render_assessments(
    assessments: Assessment | Sequence[Assessment],
    format: OutputFormat | str = OutputFormat.TABLE,
    *,
    width: int = 100,
) -> str:
    """Render one or several assessments as text in ``format``.

    ``width`` applies to the plain-text table only (no colour codes; use
    :func:`trustcheck.render.terminal.print_tables` for a colour terminal).
    """
    items = [assessments] if isinstance(assessments, Assessment) else list(assessments)
    if not items:
        raise UsageError("nothing to render: no assessments")
    try:
        fmt = OutputFormat(format)
    except ValueError:
        choices = ", ".join(f.value for f in OutputFormat)
        raise UsageError(f"unknown format {format!r}", hint=f"choose from {choices}") from None
    if fmt is OutputFormat.TABLE:
        from trustcheck.render.terminal import to_text

        return to_text(items, width=width)
    if fmt is OutputFormat.JSON:
        from trustcheck.render.json_output import to_json

        return to_json(items)
    if fmt is OutputFormat.MARKDOWN:
        from trustcheck.render.markdown import to_markdown

        return to_markdown(items)
    if fmt is OutputFormat.HTML:
        from trustcheck.render.html import to_html

        return to_html(items)
    if fmt is OutputFormat.CSV:
        from trustcheck.render.csv_output import to_csv

        return to_csv(items)
    from trustcheck.render.sarif import to_sarif

    return to_sarif(items)


def assessment_schema() -> dict[str, object]:
    """The JSON Schema of the assessment JSON (what ``trustcheck schema`` prints)."""
    from trustcheck.render.json_output import assessment_schema as build

    return build()


__all__ = ["OutputFormat", "assessment_schema", "render_assessments"]
