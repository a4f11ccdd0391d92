"""Assessments as rich tables for the terminal, readable with and without colour.

The level column carries a mark and a word (``◐ partial``) so the table reads the same in a pipe,
under ``NO_COLOR`` and on paper; colour only repeats what the words say. Rich itself drops colour
codes when stdout is not a terminal or ``NO_COLOR`` is set, so nothing here checks for either.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from trustcheck.assessment.models import Assessment, ElementResult
from trustcheck.neutral import Neutral
from trustcheck.render.common import (
    best_evidence,
    best_level,
    decision_text,
    level_text,
    levels,
    page_ref,
    rank,
    report_name,
    summary_line,
    trim,
)

LEVEL_STYLE = {"best": "bold green", "between": "bold yellow", "lowest": "bold red"}
"""The colour of a level, by its rank among the framework's levels."""
QUOTE_LIMIT = 200
MISSING_SHOWN = 1


def level_cell(level: str, order: Sequence[str]) -> Text:
    """A level as the table shows it; ``order`` is the framework's level ids, best first."""
    return Text(level_text(level, order), style=_style(level, order))


def _style(level: str, order: Sequence[str]) -> str:
    position = rank(order, level)
    return LEVEL_STYLE[position] if position else "bold"


def _detail(element: ElementResult, best: str) -> Text:
    text = Text()
    evidence = best_evidence(element)
    if evidence is not None:
        text.append(f"{page_ref(evidence)}: ", style="cyan")
        text.append(f"“{trim(evidence.quote, QUOTE_LIMIT)}”")
    if element.level != best:
        shown = element.missing[:MISSING_SHOWN]
        for missing in shown:
            if text:
                text.append("\n")
            text.append("missing: ", style="bold")
            text.append(trim(missing, QUOTE_LIMIT), style="dim")
        extra = len(element.missing) - len(shown)
        if extra > 0:
            text.append(f"\n(+{extra} more: --explain {element.id})", style="dim")
    decision = decision_text(element)
    if decision:
        if text:
            text.append("\n")
        text.append("reviewer: ", style="bold magenta")
        text.append(decision)
    return text


def render_table(assessment: Assessment) -> Group:
    """One table per report: section, element, level, score, best evidence or what is missing."""
    doc = assessment.document
    # Report text is never parsed as rich markup: a title or quote with "[red]" stays as written.
    title = Text(f"{report_name(assessment)}\n{doc.path} · {assessment.framework.title}")
    table = Table(title=title, show_lines=True, expand=True, title_justify="left")
    table.add_column("Element", ratio=1, min_width=16)
    table.add_column("Level", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Evidence (page) / what is missing", ratio=2, min_width=24)
    best = best_level(assessment)
    order = levels(assessment)
    for section in assessment.sections:
        table.add_row(
            Text(f"{section.id} {section.title}", style="bold"),
            level_cell(section.level, order),
            f"{section.score:g}",
            "",
        )
        for element in section.elements:
            table.add_row(
                Text(f"{element.id} {element.title}"),
                level_cell(element.level, order),
                f"{element.score:g}",
                _detail(element, best),
            )
    parts: list[RenderableType] = [table]
    if assessment.reporting_period:
        parts.append(Text(f"reporting period: {assessment.reporting_period}", style="dim"))
    for warning in assessment.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    parts.append(Text(summary_line(assessment), style=_style(assessment.level, order)))
    return Group(*parts)


def print_tables(assessments: Sequence[Assessment], console: Console | None = None) -> None:
    """Print one table per assessment, a blank line between reports."""
    console = console or Console()
    for index, assessment in enumerate(assessments):
        if index:
            console.print()
        console.print(Neutral(render_table(assessment)))


def plain_console(width: int = 100) -> Console:
    """A console that records plain text: no colour, fixed width, for files and tests."""
    return Console(file=io.StringIO(), width=width, no_color=True, color_system=None)


def to_text(assessments: Sequence[Assessment], width: int = 100) -> str:
    """The tables as plain text (what ``--format table -o FILE`` writes)."""
    console = plain_console(width)
    print_tables(assessments, console)
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()
