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
from trustcheck.audit.load import Audit, AuditMember
from trustcheck.audit.mileposts import MilepostFigures
from trustcheck.audit.store import RunReport
from trustcheck.audit.summary import CoalitionSummary
from trustcheck.neutral import neutralise, neutralise_lines
from trustcheck.render.common import page_ref


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
    table = Table(
        title=_plain(f"Audit {audit.root}"),
        caption=_plain(caption) if caption else None,
        caption_justify="left",
    )
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
        if member.manual:
            note.append(f"{'; ' if note.plain else ''}scored by hand", style="")
        _add_row(
            table,
            member.member,
            str(member.record.year or ""),
            member.record.status,
            _level_score(member.machine_level, member.machine_score),
            _marked(member),
            str(decisions or ""),
            note,
        )
    return table


def _add_row(table: Table, *cells: str | Text) -> None:
    """Add a row whose text is shown as it is: report text is untrusted, so a member called
    ``[red]x`` is not rich markup and control characters cannot move the terminal's cursor."""
    table.add_row(*(Text(neutralise(c)) if isinstance(c, str) else _clean(c) for c in cells))


def _plain(text: str) -> Text:
    """A title or caption holding report text: shown as text, never as markup."""
    return Text(neutralise_lines(text))


def _clean(text: Text) -> Text:
    text.plain = neutralise(text.plain)
    return text


def _level_score(level: str | None, score: float | None) -> str:
    if level is None:
        return ""
    return f"{level} {score:g}" if score is not None else level


def _marked(member: AuditMember) -> str:
    """The level and score after review, starred where review changed either."""
    if member.final_level is None:
        return ""
    text = _level_score(member.final_level, member.final_score)
    same = (member.final_level, member.final_score) == (member.machine_level, member.machine_score)
    return text if same else f"{text} *"


def element_table(member: str, element: ElementResult) -> Table:
    """One element of one member, for a reviewer: verdict, evidence, missing, decision."""
    table = Table(title=_plain(f"{member} - {element.id} {element.title}"), show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    _add_row(
        table,
        "machine",
        f"{element.level}, score {element.score:g} (confidence {element.confidence:.2f})",
    )
    decision = element.decision
    if decision is not None:
        stale = " - STALE: evidence changed, review again" if decision.stale else ""
        _add_row(
            table,
            "decision",
            f"{decision.level} ({decision.status}) by {decision.reviewer} at "
            f"{decision.timestamp}: {decision.reason}{stale}",
        )
    _add_row(table, "final", f"{element.final_level}, score {element.final_score:g}")
    for number, evidence in enumerate(element.evidence, start=1):
        _add_row(
            table,
            f"evidence {number}",
            f"{page_ref(evidence)} [{evidence.anchor}] {evidence.quote}",
        )
    for missing in element.missing:
        _add_row(table, "not found", missing)
    return table


def summary_table(summary: CoalitionSummary) -> Table:
    table = Table(title=_plain(summary.headline), caption=_summary_caption(summary))
    table.add_column("element")
    table.add_column("title", overflow="fold")
    table.add_column("mean score", justify="right")
    for level in summary.levels:
        table.add_column(level, justify="right")
    for figure in summary.elements:
        cells = []
        for level in summary.levels:
            final, machine = figure.final.get(level, 0), figure.machine.get(level, 0)
            cells.append(str(final) if final == machine else f"{final} ({machine})")
        score = _bracketed(figure.mean_score, figure.mean_machine_score)
        _add_row(table, figure.element, figure.title, score, *cells)
    return table


def _bracketed(final: float, machine: float) -> str:
    return f"{final:g}" if final == machine else f"{final:g} ({machine:g})"


def members_table(summary: CoalitionSummary) -> Table:
    """Members ranked by final score, with section scores, the machine's beside, and failures."""
    mean = _bracketed(summary.mean_score, summary.mean_machine_score)
    table = Table(
        title=f"Members, ranked (mean score {mean})",
        caption="after review (machine in brackets where different)",
    )
    sections = [sid for sid, _ids in summary.sections_order]
    for column in ("rank", "member", "level", "score", *sections):
        table.add_column(column, overflow="fold", justify="right" if column != "member" else "left")
    table.add_column("note", overflow="fold")
    ranked = sorted(
        summary.members, key=lambda m: (m.rank is None, m.rank or 0, m.member.casefold())
    )
    for m in ranked:
        level = m.final_level or m.status
        if m.machine_level is not None and m.machine_level != m.final_level:
            level += f" ({m.machine_level})"
        score = ""
        if m.final_score is not None:
            score = _bracketed(
                m.final_score, m.machine_score if m.machine_score is not None else m.final_score
            )
        note = "scored by hand; " if m.manual else ""
        note += f"not read: {m.error}" if m.status != "ok" else ""
        _add_row(
            table,
            str(m.rank or ""),
            m.member,
            level,
            score,
            *(f"{m.section_scores[s]:g}" if s in m.section_scores else "" for s in sections),
            Text(note.rstrip("; "), style="red" if m.status != "ok" else ""),
        )
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
        _add_row(
            table,
            indicator.title,
            f"{indicator.count} of {indicator.of}",
            ", ".join(m.member for m in indicator.members),
        )
    return table


def diff_table(diff: AuditDiff) -> Table:
    table = Table(title=_plain(f"{diff.old} -> {diff.new}"), caption="levels after review")
    for column in (
        "member",
        "element",
        "change",
        "old",
        "new (score)",
        "machine",
        "decision",
        "detail",
    ):
        table.add_column(column, overflow="fold")
    for row in diff.records():
        machine = ""
        if row["old_machine_level"] or row["new_machine_level"]:
            machine = f"{row['old_machine_level']} -> {row['new_machine_level']}"
        decision = ""
        if row["old_decision"] or row["new_decision"]:
            decision = f"{row['old_decision'] or '-'} -> {row['new_decision'] or '-'}"
        style = {"better": "green", "worse": "red"}.get(row["change"], "")
        scores = f" ({row['old_score'] or '-'} -> {row['new_score'] or '-'})"
        if not (row["old_score"] or row["new_score"]):
            scores = ""
        _add_row(
            table,
            row["member"],
            row["element"],
            Text(row["change"], style=style),
            row["old_level"],
            row["new_level"] + scores,
            machine,
            decision + (" STALE" if row["stale"] else ""),
            row["detail"],
        )
    return table


def milepost_table(figures: MilepostFigures) -> Table:
    """Members that advanced per milepost category, and what rose for each."""
    table = Table(title=_plain(figures.headline), caption="levels after review")
    for column in ("category", "members", "advances", "who and what"):
        table.add_column(column, overflow="fold")
    for category in figures.categories:
        what = [
            f"{a.member}: {a.id} {a.old} -> {a.new}"
            for a in figures.advances
            if a.category == category.id
        ]
        _add_row(
            table,
            category.title,
            f"{category.members_count} of {figures.compared}",
            str(category.advances),
            "; ".join(what),
        )
    return table
