"""Terminal tables for the audit commands, machine verdict and reviewer decision side by side.

Built as rich renderables so the CLI can print them to a terminal, or to a fixed-width,
colourless console when the output goes to a file or a test. Cells fold rather than end in an
ellipsis: in a narrow terminal or a pipe (80 columns), a member name, a level change or an
evidence count cut short would be a figure lost.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from trustcheck.assessment.models import ElementResult
from trustcheck.audit.diff import AuditDiff
from trustcheck.audit.load import Audit
from trustcheck.audit.store import RunReport
from trustcheck.audit.summary import CoalitionSummary
from trustcheck.neutral import neutralise


def audit_table(audit: Audit, report: RunReport | None = None) -> Table:
    """One row per member: status, machine level, level after review, decisions.

    Errors are listed in the caption, one line each, so the table stays narrow.
    """
    # Escaped here, not only when drawn: the caption's own line breaks are layout.
    lines = [neutralise(f"{m.member}: {m.record.error}") for m in audit.members if m.record.error]
    if report is not None:
        lines.insert(
            0,
            f"{report.assessed} assessed, {report.from_cache} from cache, {report.failed} failed, "
            f"{report.fetched} fetched, in {report.seconds:g} s",
        )
    caption = "\n".join(lines) or None
    table = Table(title=f"Audit {audit.root}", caption=caption, caption_justify="left")
    for column in ("member", "year", "status", "machine", "after review", "decisions", "note"):
        table.add_column(column, overflow="fold")
    for member in audit.members:
        decisions = stale = 0
        if member.assessment is not None:
            for element in member.assessment.elements:
                if element.decision is not None:
                    decisions += 1
                    stale += element.decision.stale
        note = Text(f"{stale} stale decision(s)" if stale else "", style="red")
        if member.record.notes:
            note.append(f"{'; ' if stale else ''}{member.record.notes}", style="")
        table.add_row(
            member.member,
            str(member.record.year or ""),
            member.record.status,
            member.machine_level or "",
            _marked(member.machine_level, member.final_level),
            str(decisions or ""),
            note,
        )
    return table


def _marked(machine: str | None, final: str | None) -> str:
    if final is None:
        return ""
    return final if final == machine else f"{final} *"


def element_table(member: str, element: ElementResult) -> Table:
    """One element of one member, for a reviewer: verdict, evidence, missing, decision."""
    table = Table(title=f"{member} - {element.id} {element.title}", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("machine", f"{element.level} (confidence {element.confidence:.2f})")
    decision = element.decision
    if decision is not None:
        stale = " - STALE: evidence changed, review again" if decision.stale else ""
        table.add_row(
            "decision",
            f"{decision.level} ({decision.status}) by {decision.reviewer} at "
            f"{decision.timestamp}: {decision.reason}{stale}",
        )
    table.add_row("final", element.final_level)
    for number, evidence in enumerate(element.evidence, start=1):
        table.add_row(
            f"evidence {number}",
            f"p. {evidence.page} [{evidence.anchor}] {evidence.quote}",
        )
    for missing in element.missing:
        table.add_row("not found", missing)
    return table


def summary_table(summary: CoalitionSummary) -> Table:
    table = Table(title=summary.headline, caption=_summary_caption(summary))
    table.add_column("element")
    table.add_column("title")
    for level in summary.levels:
        table.add_column(level, justify="right")
    for figure in summary.elements:
        cells = []
        for level in summary.levels:
            final, machine = figure.final.get(level, 0), figure.machine.get(level, 0)
            cells.append(str(final) if final == machine else f"{final} ({machine})")
        table.add_row(figure.element, figure.title, *cells)
    return table


def _summary_caption(summary: CoalitionSummary) -> str:
    return (
        f"after review (machine in brackets where different); "
        f"{summary.decisions_in_force} decisions, {summary.stale_decisions} stale"
    )


def indicator_table(summary: CoalitionSummary) -> Table:
    table = Table(title="Practices disclosed")
    table.add_column("practice")
    table.add_column("members", justify="right")
    table.add_column("who")
    for indicator in summary.indicators:
        table.add_row(
            indicator.title,
            f"{indicator.count} of {indicator.of}",
            ", ".join(m.member for m in indicator.members),
        )
    return table


def diff_table(diff: AuditDiff) -> Table:
    table = Table(title=f"{diff.old} -> {diff.new}", caption="levels after review")
    for column in ("member", "element", "change", "old", "new", "machine", "decision", "detail"):
        table.add_column(column, overflow="fold")
    for row in diff.records():
        machine = ""
        if row["old_machine_level"] or row["new_machine_level"]:
            machine = f"{row['old_machine_level']} -> {row['new_machine_level']}"
        decision = ""
        if row["old_decision"] or row["new_decision"]:
            decision = f"{row['old_decision'] or '-'} -> {row['new_decision'] or '-'}"
        style = {"better": "green", "worse": "red"}.get(row["change"], "")
        table.add_row(
            row["member"],
            row["element"],
            Text(row["change"], style=style),
            row["old_level"],
            row["new_level"],
            machine,
            decision + (" STALE" if row["stale"] else ""),
            row["detail"],
        )
    return table
