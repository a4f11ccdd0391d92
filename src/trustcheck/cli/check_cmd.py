"""``trustcheck FILE...``: assess reports and print the verdicts.

Thin on purpose: load the framework, assess each file, narrow, render, exit. Exit codes are
named in :mod:`trustcheck.errors`: 0 the assessment ran, 1 a report is below ``--fail-under``,
2 any error. A file that cannot be read is reported on one line and the others are still
assessed; the run then ends with 2, so a batch never exits 0 despite an error.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from trustcheck.cli.output import write_output
from trustcheck.errors import (
    EXIT_BELOW_THRESHOLD,
    EXIT_ERROR,
    EXIT_OK,
    TrustcheckError,
    UsageError,
)
from trustcheck.render import OutputFormat

if TYPE_CHECKING:
    from trustcheck.assessment.models import Assessment
    from trustcheck.framework.models import Framework


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--framework",
    "-f",
    default="trust",
    show_default=True,
    help="Bundled framework id or path to a framework file.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in OutputFormat]),
    default=OutputFormat.TABLE.value,
    show_default=True,
    help="table: for people; json: the assessment model; markdown, html, csv, sarif.",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="Write to this file (atomically)."
)
@click.option("--element", "elements", multiple=True, metavar="ID", help="Only this element.")
@click.option("--section", "sections", multiple=True, metavar="ID", help="Only this section.")
@click.option(
    "--explain",
    metavar="ID",
    help="Show every piece of evidence and every signal looked for, for one element.",
)
@click.option(
    "--fail-under",
    metavar="LEVEL",
    help="Exit 1 when a report's level is below LEVEL (full or partial for Trust).",
)
@click.option("--password", help="Password of PDFs encrypted with a user password.")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def check(
    ctx: click.Context,
    files: tuple[Path, ...],
    framework: str,
    fmt: str,
    output: Path | None,
    elements: tuple[str, ...],
    sections: tuple[str, ...],
    explain: str | None,
    fail_under: str | None,
    password: str | None,
    debug: bool,
) -> None:
    """Assess FILES (PDF, HTML, Markdown or text) against a framework."""
    from trustcheck.framework.loader import load_framework
    from trustcheck.render.common import is_below, narrow

    debug = debug or bool((ctx.obj or {}).get("debug"))
    if explain and fmt != OutputFormat.TABLE:
        raise UsageError("--explain prints for people", hint="leave out --format, or use json")
    loaded = load_framework(framework)
    if fail_under is not None:
        allowed = [level.id for level in loaded.levels[:-1]]
        if fail_under not in allowed:
            raise UsageError(
                f"--fail-under {fail_under!r} is not a level of {loaded.id}",
                hint=f"choose from {', '.join(allowed)}",
            )
    assessments, failed = _assess_all(files, loaded, password, debug)
    shown = [narrow(a, elements, sections) for a in assessments]
    if shown:
        if explain:
            _explain(shown, loaded, explain, output)
        else:
            _emit(shown, OutputFormat(fmt), output)
    if failed:
        ctx.exit(EXIT_ERROR)
    if fail_under is not None and any(is_below(a, a.level, fail_under) for a in assessments):
        ctx.exit(EXIT_BELOW_THRESHOLD)
    ctx.exit(EXIT_OK)


def _assess_all(
    files: tuple[Path, ...], framework: Framework, password: str | None, debug: bool
) -> tuple[list[Assessment], int]:
    """Assess each file; report each failure on one line and go on with the rest."""
    from trustcheck.assessment import assess

    assessments: list[Assessment] = []
    failed = 0
    for path in files:
        try:
            assessments.append(assess(path, framework, password=password))
        except TrustcheckError as err:
            failed += 1
            line = err.one_line()
            if str(path) not in line:
                line = line.replace(": ", f": {path}: ", 1)
            _report(line, debug)
        except Exception as err:  # a bug: still one line, and the other files go on
            failed += 1
            _report(
                f"error[E100]: {path}: internal error {type(err).__name__}: {err} "
                "(a bug in trustcheck; run with --debug for the traceback and report it)",
                debug,
            )
    return assessments, failed


def _report(line: str, debug: bool) -> None:
    if debug:
        traceback.print_exc(file=sys.stderr)
    click.echo(line, err=True)


def _write(text: str, output: Path | None) -> None:
    try:
        write_output(text, output)
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror or err}") from err


def _emit(assessments: list[Assessment], fmt: OutputFormat, output: Path | None) -> None:
    if fmt is OutputFormat.TABLE and output is None:
        from rich.console import Console

        from trustcheck.render.terminal import print_tables

        print_tables(assessments, Console())
        return
    from trustcheck.render import render_assessments

    _write(render_assessments(assessments, fmt, width=120), output)


def _explain(
    assessments: list[Assessment], framework: Framework, element_id: str, output: Path | None
) -> None:
    from rich.console import Console

    from trustcheck.render.explain import find_element, render_explain
    from trustcheck.render.terminal import plain_console

    for assessment in assessments:
        find_element(assessment, element_id)  # an unknown id fails before anything prints
    console = Console() if output is None else plain_console(120)
    for index, assessment in enumerate(assessments):
        if index:
            console.print()
        console.print(render_explain(assessment, framework, element_id))
    if output is not None:
        _write(console.file.getvalue(), output)  # type: ignore[attr-defined]
