"""Assessments as rich tables for the terminal, readable with and without colour."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from trustcheck.assessment.models import Assessment, ElementResult

LEVEL_STYLE = {"full": "bold green", "partial": "bold yellow", "none": "bold red"}
LEVEL_MARK = {"full": "● full", "partial": "◐ partial", "none": "○ none"}


def _level(level: str) -> Text:
    return Text(LEVEL_MARK.get(level, level), style=LEVEL_STYLE.get(level, ""))


def _detail(element: ElementResult) -> Text:
    text = Text()
    if element.evidence:
        best = element.evidence[0]
        page = best.page_label or str(best.page)
        text.append(f'p.{page}: "{best.quote}"')
    for missing in element.missing[:2] if element.level != "full" else []:
        if text:
            text.append("\n")
        text.append(f"missing: {missing}", style="dim")
    return text


def summary_line(assessment: Assessment) -> str:
    counts = ", ".join(f"{n} {level}" for level, n in assessment.counts.items())
    label = {"full": "aligned", "partial": "partially aligned", "none": "not aligned"}.get(
        assessment.level, assessment.level
    )
    return f"{label}, score {assessment.score:g}/100; {counts}"


def render_table(assessment: Assessment) -> Group:
    """One table per report: section, element, level, score, best evidence or what is missing."""
    title = f"{assessment.document.path} — {assessment.framework.title}"
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("Element", no_wrap=True)
    table.add_column("Level", no_wrap=True)
    table.add_column("Score", justify="right")
    table.add_column("Evidence / missing", ratio=1)
    for section in assessment.sections:
        table.add_row(
            Text(f"{section.id} {section.title}", style="bold"),
            _level(section.level),
            f"{section.score:g}",
            "",
        )
        for element in section.elements:
            table.add_row(
                f"  {element.id} {element.title}",
                _level(element.level),
                f"{element.score:g}",
                _detail(element),
            )
    parts: list[Table | Text] = [table, Text(summary_line(assessment), style="bold")]
    for warning in assessment.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    return Group(*parts)


def print_tables(assessments: list[Assessment], console: Console | None = None) -> None:
    console = console or Console()
    for assessment in assessments:
        console.print(render_table(assessment))
