"""``trustcheck FILE...``: assess reports and print the verdicts.

Thin on purpose: load the framework, assess each file, narrow, render, exit. Exit codes are
named in :mod:`trustcheck.errors`: 0 the assessment ran, 1 a report is below ``--fail-under``,
2 any error. A file that cannot be read is reported on one line and the others are still
assessed; the run then ends with 2, so a batch never exits 0 despite an error.

Files are read in a worker process (:mod:`trustcheck.workers`), so the time and memory limits
hold even when a parser is stuck in native code, and a parser that crashes costs one file, not
the run with its one-line errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from trustcheck.cli.limit_options import limit_options, limits_from
from trustcheck.cli.output import write_output
from trustcheck.errors import (
    EXIT_BELOW_THRESHOLD,
    EXIT_ERROR,
    EXIT_OK,
    UsageError,
)
from trustcheck.neutral import Neutral, neutralise
from trustcheck.render import OutputFormat

if TYPE_CHECKING:
    from trustcheck.assessment.models import Assessment
    from trustcheck.framework.models import Framework
    from trustcheck.workers import AssessmentPool


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
    metavar="LEVEL|SCORE",
    help="Exit 1 when a report's level is below LEVEL (full or partial for Trust), or its "
    "score below SCORE (0-100).",
)
@click.option("--password", help="Password of PDFs encrypted with a user password.")
@limit_options
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
    max_pages: int | None,
    max_mb: float | None,
    max_seconds: float | None,
    max_memory: int | None,
    debug: bool,
) -> None:
    """Assess FILES (PDF, HTML, Markdown, text, CSV or XLSX) against a framework."""
    from trustcheck.framework.loader import load_framework
    from trustcheck.render.common import is_below, narrow
    from trustcheck.workers import AssessmentPool

    debug = debug or bool((ctx.obj or {}).get("debug"))
    if explain and fmt != OutputFormat.TABLE:
        raise UsageError("--explain prints for people", hint="leave out --format, or use json")
    problem = _output_problem(output)
    if problem is not None:
        raise problem  # before reading anything: a typo in -o should not cost the assessment
    limits = limits_from(max_pages, max_mb, max_seconds, max_memory)
    with AssessmentPool(limits, password=password) as pool:  # starts while the framework loads
        loaded = load_framework(framework)
        bar = _check_fail_under(loaded, fail_under)
        _check_ids(loaded, elements, sections, explain)
        assessments, failed = _assess_all(pool, files, loaded, debug)
    shown = [narrow(a, elements, sections) for a in assessments]
    if shown:
        if explain:
            # --explain names its element; --element and --section do not hide it.
            _explain(assessments, loaded, explain, output)
        else:
            _emit(shown, OutputFormat(fmt), output)
    if failed:
        ctx.exit(EXIT_ERROR)
    if isinstance(bar, str) and any(is_below(a, a.level, bar) for a in assessments):
        ctx.exit(EXIT_BELOW_THRESHOLD)
    if isinstance(bar, float) and any(a.score < bar for a in assessments):
        ctx.exit(EXIT_BELOW_THRESHOLD)
    ctx.exit(EXIT_OK)


def _check_fail_under(framework: Framework, fail_under: str | None) -> str | float | None:
    """The bar: a level id, or a score from 0 to 100."""
    if fail_under is None:
        return None
    allowed = [level.id for level in framework.levels[:-1]]
    if fail_under in allowed:
        return fail_under
    try:
        score = float(fail_under)
    except ValueError:
        score = -1.0
    if 0 <= score <= 100:
        return score
    raise UsageError(
        f"--fail-under {fail_under!r} is neither a level of {framework.id} nor a score",
        hint=f"choose from {', '.join(allowed)}, or a score from 0 to 100",
    )


def _check_ids(
    framework: Framework, elements: tuple[str, ...], sections: tuple[str, ...], explain: str | None
) -> None:
    """Unknown ids fail before any report is read, not after a long batch."""
    from trustcheck.render.common import check_known

    element_ids = [e.id for e in framework.elements]
    check_known("--element", elements, element_ids)
    check_known("--section", sections, [s.id for s in framework.sections])
    check_known("--explain", [explain] if explain else [], element_ids)


def _assess_all(
    pool: AssessmentPool, files: tuple[Path, ...], framework: Framework, debug: bool
) -> tuple[list[Assessment], int]:
    """Assess each file in the worker; report each failure on one line and go on."""
    from trustcheck.assessment.models import Assessment

    results: dict[int, Assessment] = {}
    failed = 0
    for index, outcome in pool.assess(((i, str(p)) for i, p in enumerate(files)), framework):
        if outcome.ok:
            results[index] = Assessment.model_validate_json(outcome.payload)
            continue
        failed += 1
        line, path = outcome.payload, str(files[index])
        if path not in line:
            line = line.replace(": ", f": {path}: ", 1)
        _report(line, outcome.traceback if debug else "")
    return [results[i] for i in sorted(results)], failed


def _report(line: str, trace: str) -> None:
    if trace:
        click.echo(trace.rstrip(), err=True)
    click.echo(neutralise(line), err=True)


def _write(text: str, output: Path | None) -> None:
    try:
        write_output(text, output)
    except OSError as err:
        problem = _output_problem(output)
        if problem is None:
            problem = UsageError(
                f"cannot write {output}: {err.strerror or err}",
                hint="check the path and that you may write there",
            )
        raise problem from err


def _output_problem(output: Path | None) -> UsageError | None:
    """Why ``-o PATH`` cannot be written, if that can be told before any work is done."""
    if output is None:
        return None
    if output.is_dir():
        return UsageError(
            f"cannot write {output}: it is a folder", hint="give the path of a file inside it"
        )
    if not output.parent.exists():
        return UsageError(
            f"cannot write {output}: the folder {output.parent} does not exist",
            hint="create it first, or choose another path",
        )
    if not output.parent.is_dir():
        return UsageError(
            f"cannot write {output}: {output.parent} is a file, not a folder",
            hint="choose another path",
        )
    return None


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
        console.print(Neutral(render_explain(assessment, framework, element_id)))
    if output is not None:
        _write(console.file.getvalue(), output)  # type: ignore[attr-defined]
