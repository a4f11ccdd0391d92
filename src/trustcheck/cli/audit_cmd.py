"""``trustcheck audit``, ``review``, ``diff`` and ``summary``: the yearly audit's commands.

Thin on purpose: parse, call :mod:`trustcheck.audit`, render, exit. Exit codes (the table in
docs/cli.md): 0 done and clean; 1 a gate failed (``--fail-under``, ``--require``); 2 usage or
input error (any :class:`~trustcheck.errors.TrustcheckError`); 3 some members' reports could
not be read; 4 stale reviewer decisions need a new review. :func:`~trustcheck.errors.exit_code`
picks one when several apply.
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from trustcheck.cli.limit_options import limit_options, limits_from
from trustcheck.cli.output import write_output
from trustcheck.errors import (
    EXIT_BELOW_THRESHOLD,
    EXIT_REVIEW_NEEDED,
    EXIT_UNREAD,
    UsageError,
    exit_code,
)
from trustcheck.neutral import Neutral, neutralise

_LEVEL_HELP = "The level the reviewer decides on (a level id of the framework, e.g. partial)."


_FILE_WIDTH = 140


def _console(to_file: bool = False) -> Any:
    """A console for the tables: a terminal's own width; 140 columns into a file or a pipe.

    Rich would give a pipe 80 columns, too few for the diff's eight, so redirected tables would
    come out folded cell by cell; ``COLUMNS`` still wins when set.
    """
    from rich.console import Console

    if to_file:
        return Console(record=True, width=_FILE_WIDTH, no_color=True, file=io.StringIO())
    piped = not sys.stdout.isatty() and not os.environ.get("COLUMNS")
    return Console(width=_FILE_WIDTH if piped else None)


def _print(renderables: list[Any], output: Path | None = None) -> None:
    console = _console(to_file=output is not None)
    for renderable in renderables:
        console.print(Neutral(renderable))
    if output is not None:
        write_output(console.export_text(), output)


@click.command("audit")
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    "audit_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="The audit folder (created; an existing audit is resumed).",
)
@click.option("--framework", "-f", default="trust", show_default=True, help="Framework id or file.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Reports assessed at once [default: number of CPUs].",
)
@click.option("--refetch", is_flag=True, help="Download URLs again instead of reusing them.")
@click.option(
    "--allow-internal-addresses",
    is_flag=True,
    help="Let downloads be redirected to loopback, private and link-local addresses.",
)
@limit_options
def audit(
    manifest: Path,
    audit_dir: Path,
    framework: str,
    jobs: int | None,
    refetch: bool,
    allow_internal_addresses: bool,
    max_pages: int | None,
    max_mb: float | None,
    max_seconds: float | None,
    max_memory: int | None,
) -> None:
    """Assess every report MANIFEST lists (YAML, CSV or a folder) into AUDIT_DIR."""
    from trustcheck.audit.fetch import FetchLimits
    from trustcheck.audit.load import load_audit
    from trustcheck.audit.runner import run_audit
    from trustcheck.audit.tables import audit_table

    with _progress() as progress:
        report = run_audit(
            manifest,
            audit_dir,
            framework=framework,
            jobs=jobs,
            refetch=refetch,
            fetch_limits=FetchLimits(allow_internal=allow_internal_addresses),
            limits=limits_from(max_pages, max_mb, max_seconds, max_memory),
            progress=progress,
        )
    _print([audit_table(load_audit(audit_dir), report)])
    if report.failed:
        sys.exit(EXIT_UNREAD)


class _progress:
    """A rich progress bar on stderr when it is a terminal; a no-op callback otherwise."""

    def __enter__(self) -> Any:
        from rich.console import Console
        from rich.progress import Progress

        console = Console(stderr=True)
        self.bar = Progress(console=console, transient=True) if console.is_terminal else None
        if self.bar is None:
            return None
        self.bar.start()
        self.task: Any = None
        return self.update

    def update(self, event: Any) -> None:
        assert self.bar is not None
        if self.task is None:
            self.task = self.bar.add_task("assessing", total=event.total)
        self.bar.update(
            self.task,
            completed=event.done,
            description=neutralise(f"{event.member}: {event.status}"),
        )

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def gate_options(command: Any) -> Any:
    """``--fail-under`` and ``--require``, shared by ``summary`` and ``export``."""
    command = click.option(
        "--require",
        "requires",
        multiple=True,
        metavar="ELEMENT=LEVEL",
        help="Exit 1 when a member's ELEMENT is below LEVEL after review, e.g. PS5=full "
        "(repeatable).",
    )(command)
    return click.option(
        "--fail-under",
        metavar="LEVEL|SCORE",
        help="Exit 1 when a member's report level (e.g. partial) or score (0-100) after "
        "review is below this.",
    )(command)


def _finish(
    audit: Any, members: list[Any], fail_under: str | None, requires: tuple[str, ...]
) -> None:
    """Say on stderr what keeps the run from being clean, and exit with the table's code."""
    from trustcheck.audit.gates import gate_failures, parse_gates

    codes: set[int] = set()
    gates = parse_gates(audit, fail_under, requires)
    for line in gate_failures(audit, gates, members):
        click.echo(f"gate: {line}", err=True)
        codes.add(EXIT_BELOW_THRESHOLD)
    for member in members:
        if member.assessment is None:
            click.echo(
                f"not assessed: {member.member}: {member.record.error or member.record.status} "
                "(fix the manifest and re-run the audit, or score it by hand with trustcheck "
                "review AUDIT_DIR MEMBER ELEMENT --level LEVEL --reason TEXT)",
                err=True,
            )
            codes.add(EXIT_UNREAD)
    stale = [
        (m.member, e.id)
        for m in members
        if m.assessment is not None
        for e in m.assessment.elements
        if e.decision is not None and e.decision.stale
    ]
    if stale:
        click.echo(
            f"{len(stale)} reviewer decision(s) are stale: their evidence changed; review them "
            "again (trustcheck review AUDIT_DIR MEMBER ELEMENT)",
            err=True,
        )
        codes.add(EXIT_REVIEW_NEEDED)
    code = exit_code(codes)
    if code:
        sys.exit(code)


@click.command("review")
@click.argument("audit_dir", type=click.Path(path_type=Path))
@click.argument("member", required=False)
@click.argument("element", required=False)
@click.option("--level", help=_LEVEL_HELP)
@click.option("--reason", help="Why: quoted in every output and in SARIF suppressions.")
@click.option("--reviewer", help="Who decides [default: $TRUSTCHECK_REVIEWER or login name].")
@click.option(
    "--status",
    type=click.Choice(["accepted", "under-review", "rejected"]),
    default="accepted",
    show_default=True,
)
def review(
    audit_dir: Path,
    member: str | None,
    element: str | None,
    level: str | None,
    reason: str | None,
    reviewer: str | None,
    status: str,
) -> None:
    """Show verdicts for review, or record a reviewer's decision on one ELEMENT of a MEMBER.

    Without MEMBER: every member's verdicts. With MEMBER ELEMENT: the element's evidence and
    decision. With --level and --reason too: append the decision to the audit's log.
    """
    from trustcheck.audit.decisions import record_decision
    from trustcheck.audit.load import load_audit
    from trustcheck.audit.tables import audit_table, element_table

    if level is not None or reason is not None:
        if member is None or element is None or level is None or not reason:
            raise UsageError("a decision needs MEMBER, ELEMENT, --level and --reason")
        entry = record_decision(
            audit_dir,
            member,
            element,
            level=level,
            reason=reason,
            reviewer=reviewer,
            status=status,  # type: ignore[arg-type]
        )
        from trustcheck.audit.store import AuditStore

        unread = AuditStore(audit_dir).read_index().member(entry.member).status != "ok"
        machine = "report not read, scored by hand" if unread else f"machine {entry.machine_level}"
        click.echo(
            f"{entry.member} {entry.element}: {machine}, "
            f"decision {entry.level} ({entry.status}) by {entry.reviewer}"
        )
        return
    loaded = load_audit(audit_dir)
    if member is None:
        _print([audit_table(loaded)])
        return
    found = loaded.member(member)
    if found.assessment is None:
        from trustcheck.audit.decisions import member_assessment

        error = re.sub(r"^error\[(E\d+)\]: ", r"\1: ", found.record.error or "failed")
        click.echo(
            f"{found.member}: the report could not be read ({error}); score it by hand: "
            "trustcheck review AUDIT_DIR MEMBER ELEMENT --level LEVEL --reason TEXT",
            err=True,
        )
        from trustcheck.audit.store import AuditStore

        store = AuditStore(audit_dir)
        assessment = member_assessment(store, loaded.index, found.record)
    else:
        assessment = found.assessment
    elements = assessment.elements
    if element is not None:
        elements = [e for e in elements if e.id.casefold() == element.casefold()]
        if not elements:
            raise UsageError(f"no element {element!r} in {found.member}'s assessment")
    _print([element_table(found.member, e) for e in elements])


@click.command("diff")
@click.argument("old_audit", type=click.Path(path_type=Path))
@click.argument("new_audit", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "html"]),
    default="table",
    show_default=True,
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to this file.")
@click.option("--bom", is_flag=True, help="With --format csv: start with a UTF-8 BOM, for Excel.")
def diff(old_audit: Path, new_audit: Path, fmt: str, output: Path | None, bom: bool) -> None:
    """Show what changed per member and element from OLD_AUDIT to NEW_AUDIT."""
    from trustcheck.audit.diff import RECORD_FIELDS, diff_audits
    from trustcheck.audit.load import load_audit

    result = diff_audits(load_audit(old_audit), load_audit(new_audit))
    if fmt == "json":
        write_output(result.model_dump_json(indent=2) + "\n", output)
    elif fmt == "csv":
        from trustcheck.audit.exports import to_csv

        rows = [[r[f] for f in RECORD_FIELDS] for r in result.records()]
        write_output(to_csv((RECORD_FIELDS, rows), bom=bom), output)
    elif fmt == "html":
        from trustcheck.audit.html import diff_html

        write_output(diff_html(result), output)
    else:
        from trustcheck.audit.tables import diff_table, milepost_table

        tables = [diff_table(result)]
        if result.mileposts is not None:
            tables.append(milepost_table(result.mileposts))
        _print(tables, output)


@click.command("summary")
@click.argument("audit_dir", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Folder for the dashboard, charts, CSV, XLSX and JSON.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="What to print when no --output folder is given.",
)
@click.option("--bom", is_flag=True, help="Start every CSV with a UTF-8 BOM, for Excel.")
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="Last year's audit folder: also count the mileposts members advanced since.",
)
@gate_options
def summary(
    audit_dir: Path,
    output: Path | None,
    fmt: str,
    bom: bool,
    previous: Path | None,
    fail_under: str | None,
    requires: tuple[str, ...],
) -> None:
    """Compute the coalition's figures for AUDIT_DIR; publish them with --output."""
    from trustcheck.audit.gates import parse_gates
    from trustcheck.audit.load import load_audit
    from trustcheck.audit.summary import summarise_audit
    from trustcheck.audit.tables import indicator_table, members_table, summary_table

    audit = load_audit(audit_dir)
    parse_gates(audit, fail_under, requires)  # a bad gate is an error before any output
    figures = summarise_audit(audit, load_audit(previous) if previous is not None else None)
    if output is not None:
        from trustcheck.audit.exports import publish_summary

        paths = publish_summary(figures, output, bom=bom)
        click.echo(figures.headline)
        click.echo(f"wrote {len(paths)} files to {output} (open {output / 'index.html'})")
    elif fmt == "json":
        write_output(figures.model_dump_json(indent=2) + "\n", None)
    else:
        tables = [members_table(figures), summary_table(figures), indicator_table(figures)]
        if figures.mileposts is not None:
            from trustcheck.audit.tables import milepost_table

            tables.append(milepost_table(figures.mileposts))
        _print(tables)
    _finish(audit, audit.members, fail_under, requires)


@click.command("export")
@click.argument("audit_dir", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "markdown", "html", "csv", "sarif", "table"]),
    default="sarif",
    show_default=True,
    help="Any output format of `trustcheck FILE`, with a member column (CSV) or field (JSON), "
    "reviewer decisions and levels after review (SARIF: decisions as suppressions), and the "
    "members whose report could not be read.",
)
@click.option("--member", "members", multiple=True, help="Only this member (repeatable).")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to this file.")
@click.option("--bom", is_flag=True, help="With --format csv: start with a UTF-8 BOM, for Excel.")
@gate_options
def export(
    audit_dir: Path,
    fmt: str,
    members: tuple[str, ...],
    output: Path | None,
    bom: bool,
    fail_under: str | None,
    requires: tuple[str, ...],
) -> None:
    """Export the members of AUDIT_DIR, with reviewer decisions, in one format."""
    from trustcheck.audit.gates import parse_gates
    from trustcheck.audit.load import load_audit
    from trustcheck.audit.member_exports import chosen_members, export_members

    audit = load_audit(audit_dir)
    parse_gates(audit, fail_under, requires)
    chosen = chosen_members(audit, members)
    text = export_members(audit, fmt, chosen)
    write_output(("\ufeff" if bom and fmt == "csv" else "") + text, output)
    _finish(audit, chosen, fail_under, requires)
